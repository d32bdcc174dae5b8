package dev.vigil.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.TestServer;
import dev.vigil.server.TestServer.Reply;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.server.keys.MasterKey;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-address sign-in limit and the token-guessing throttle hold for two nodes together, not
 * per node: an address that spreads its attempts over both is stopped after the limit.
 */
class SharedLimitsTest {
  private static PostgresSchema schema;
  private static TestServer a;
  private static TestServer b;

  @BeforeAll
  static void start() throws Exception {
    schema = PostgresSchema.create();
    Map<ConfigKey, String> shared =
        schema.node(
            MasterKey.generate(),
            Map.of(ConfigKey.LOGIN_ADDRESS_LIMIT, "4", ConfigKey.GUESSING_LIMIT, "3"));
    a = TestServer.start(Files.createTempDirectory("vigil-a"), shared);
    b = TestServer.start(Files.createTempDirectory("vigil-b"), shared);
  }

  @AfterAll
  static void stop() {
    for (TestServer s : new TestServer[] {a, b}) {
      if (s != null) {
        s.close();
      }
    }
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void signInsSpreadOverTwoNodes_meetOneLimitPerAddress() {
    Map<String, String> from = Map.of("ip", "198.51.100.20", "user_agent", "curl/8");
    for (int i = 0; i < 4; i++) {
      Reply r =
          (i % 2 == 0 ? a : b)
              .post(
                  "/v1/auth/login",
                  Map.of("username", "nobody-" + i, "password", "wrong password", "client", from));
      assertThat(r.status()).as("attempt %d", i + 1).isEqualTo(401);
    }
    for (TestServer node : List.of(a, b)) {
      Reply r =
          node.post(
              "/v1/auth/login",
              Map.of("username", "nobody-else", "password", "wrong password", "client", from));
      assertThat(r.status()).as(r.raw().body()).isEqualTo(429);
    }
  }

  @Test
  void guessingSpreadOverTwoNodes_meetsOneLimitPerAddress() {
    Map<String, String> from = Map.of("ip", "198.51.100.30", "user_agent", "curl/8");
    for (int i = 0; i < 4; i++) {
      (i % 2 == 0 ? a : b)
          .post("/v1/sessions/verify", Map.of("token", "vs1.forged-" + i, "client", from));
    }
    for (TestServer node : List.of(a, b)) {
      node.post("/v1/sessions/verify", Map.of("token", "vs1.forged-more", "client", from));
      Reply r =
          node.post("/v1/sessions/verify", Map.of("token", "vs1.forged-last", "client", from));
      assertThat(r.text("reason")).as(r.raw().body()).isEqualTo("THROTTLED");
    }
  }
}
