package dev.vigil.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.Eventually;
import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.server.keys.MasterKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The per-address sign-in limit and the token-guessing throttle hold for two nodes together, not
 * per node: an address that spreads its attempts over both is stopped after the limit, and an
 * address the credential-stuffing rule caught (on whichever node runs the rules) is refused by
 * both.
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
            Map.of(
                ConfigKey.LOGIN_ADDRESS_LIMIT,
                "4",
                ConfigKey.GUESSING_LIMIT,
                "3",
                ConfigKey.STUFFING_ACCOUNTS,
                "3"));
    a = TestServer.start(dev.vigil.testkit.TempPaths.directory("vigil-a"), shared);
    b = TestServer.start(dev.vigil.testkit.TempPaths.directory("vigil-b"), shared);
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
                  Map.of(
                      "username",
                      "nobody-" + i % 2, // two accounts: below the stuffing rule's three
                      "password",
                      "wrong password",
                      "client",
                      from));
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

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void anAddressCaughtStuffing_isRefusedByEveryNode(int firstAsked) throws Exception {
    String ip = "198.51.100." + (40 + firstAsked);
    Map<String, String> from = Map.of("ip", ip, "user_agent", "curl/8");
    for (int i = 0; i < 3; i++) {
      Reply r =
          (i % 2 == 0 ? a : b)
              .post(
                  "/v1/auth/login",
                  Map.of("username", "stuffed-" + i, "password", "wrong password", "client", from));
      assertThat(r.status()).isEqualTo(401);
    }
    Eventually.until(
        "the rules' node finds the stuffing",
        Duration.ofSeconds(10),
        () ->
            a.get("/v1/events?type=anomaly.detected&limit=100")
                .raw()
                .body()
                .contains("Credential stuffing suspected: " + ip));
    // the fourth attempt is still within the per-address limit of four: only the rule refuses it
    List<TestServer> order = firstAsked == 0 ? List.of(a, b) : List.of(b, a);
    Reply refused =
        order
            .get(0)
            .post(
                "/v1/auth/login",
                Map.of("username", "stuffed-3", "password", "wrong password", "client", from));
    assertThat(refused.status()).as(refused.raw().body()).isEqualTo(429);
  }
}
