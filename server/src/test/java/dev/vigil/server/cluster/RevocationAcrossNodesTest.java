package dev.vigil.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.server.keys.MasterKey;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A revocation, a role change or a key rotation made on one node is honoured by another node that
 * holds the session in its cache, within {@code revocation_bound} (default 1 s), and the lag is
 * measured ({@code vigil_revocation_lag_seconds}). Tokens rotate only every 15 minutes here, so
 * nothing but the bound can end a cached copy.
 */
class RevocationAcrossNodesTest {
  private static final Duration BOUND = Duration.ofSeconds(1);
  private static final String MASTER = MasterKey.generate();
  private static PostgresSchema schema;
  private static TestServer a;
  private static TestServer c;

  @BeforeAll
  static void start() {
    schema = PostgresSchema.create();
    Map<ConfigKey, String> shared = schema.node(MASTER, Map.of());
    a = TestServer.start(newData(), shared);
    c = TestServer.start(newData(), shared);
  }

  private static java.nio.file.Path newData() {
    try {
      return dev.vigil.testkit.TempPaths.directory("vigil-node");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stop() {
    if (a != null) {
      a.close();
    }
    if (c != null) {
      c.close();
    }
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void aRevocationOnOneNode_isRefusedByAnotherWithinTheBound() throws Exception {
    String token = a.createToken("revoked-elsewhere");
    assertThat(a.verify(token).json().path("valid").asBoolean()).isTrue();
    long start = System.nanoTime();
    assertThat(c.post("/v1/sessions/revoke", Map.of("token", token)).status()).isEqualTo(204);
    long refusedAfter = -1;
    while (System.nanoTime() - start < BOUND.multipliedBy(5).toNanos()) {
      if (a.verify(token).text("reason").equals("REVOKED")) {
        refusedAfter = System.nanoTime() - start;
        break;
      }
      Thread.sleep(10);
    }
    assertThat(refusedAfter).as("refused at all").isPositive();
    assertThat(Duration.ofNanos(refusedAfter)).isLessThanOrEqualTo(BOUND);
    assertThat(a.get("/metrics").raw().body())
        .containsPattern("vigil_revocation_lag_seconds_count(\\{[^}]*\\})? [1-9]");
  }

  @Test
  void aKeyRotatedOnOneNode_signsOnTheOther() throws Exception {
    String before = a.createToken("keys-before");
    String kidBefore = before.split("\\.")[1];
    dev.vigil.server.cli.VigilCommand.run(
        schema.command(MASTER, "keys", "rotate", "--data", c.data().toString()));
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    String after = before;
    while (System.nanoTime() < deadline) {
      after = a.createToken("keys-after");
      if (!after.split("\\.")[1].equals(kidBefore)) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(after.split("\\.")[1]).as("node A signs with the new key").isNotEqualTo(kidBefore);
    assertThat(c.verify(after).json().path("valid").asBoolean()).isTrue();
    assertThat(c.verify(before).json().path("valid").asBoolean()).as("old key overlaps").isTrue();
  }
}
