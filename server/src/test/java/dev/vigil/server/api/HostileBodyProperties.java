package dev.vigil.server.api;

import dev.vigil.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 11 §6: every endpoint that takes JSON, sent whole hostile bodies ({@link HostileJson}:
 * wrong types, huge numbers, nesting 10^4 deep, duplicate keys, invalid UTF-8, cuts, unknown
 * fields, long strings) answers a 4xx problem, or a 2xx where the body happens to be valid; never a
 * 5xx. Afterwards a session made before still verifies and the audit chain is intact. A fixed
 * budget of 400 bodies and 50 more to revoke-all, a few seconds.
 */
class HostileBodyProperties {
  private static TestServer server;
  private static JsonEndpoints endpoints;

  /** One case: where, and the seed of the body (the body itself is shown on failure). */
  record Case(JsonEndpoints.Endpoint endpoint, long seed) {
    byte[] body() {
      return HostileJson.body(seed, endpoint.fields());
    }

    @Override
    public String toString() {
      byte[] b = body();
      String text = new String(b, 0, Math.min(b.length, 300), StandardCharsets.ISO_8859_1);
      return endpoint + " seed " + seed + " (" + b.length + " bytes): " + text;
    }
  }

  @BeforeContainer
  static void start() throws Exception {
    server = TestServer.start(Map.of());
    endpoints = JsonEndpoints.of(server);
  }

  /** The check that nothing was lost; then hostile bodies to revoke-all, which ends everything. */
  @AfterContainer
  static void stop() {
    try {
      endpoints.assertNothingLost();
      java.util.Random seeds = new java.util.Random(11);
      for (int i = 0; i < 50; i++) {
        Case c = new Case(endpoints.revokeAll(), seeds.nextLong());
        JsonEndpoints.assertClean(endpoints.send(c.endpoint(), c.body()), c.toString());
      }
    } finally {
      server.close();
    }
  }

  @Property(tries = 400)
  void anyHostileBody_toAnyJsonEndpoint_isAProblemOrSuccess_never5xx(@ForAll("cases") Case c) {
    JsonEndpoints.assertClean(endpoints.send(c.endpoint(), c.body()), c.toString());
  }

  @Provide
  Arbitrary<Case> cases() {
    return Combinators.combine(Arbitraries.of(endpoints.all()), Arbitraries.longs()).as(Case::new);
  }
}
