package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One address trying many accounts is stopped by the per-address bucket; others are not. */
class LoginAddressLimitApiTest {
  @Test
  void manyAccountsFromOneAddress_is429_otherAddressStillSignsIn() throws Exception {
    try (TestServer server = TestServer.start(Map.of(ConfigKey.LOGIN_ADDRESS_LIMIT, "3"))) {
      String good = "violet kettle marching sideways 81";
      server.post("/v1/users", Map.of("username", "target", "password", good));
      for (int i = 0; i < 3; i++) {
        Reply r =
            server.post(
                "/v1/auth/login",
                Map.of(
                    "username",
                    "victim" + i,
                    "password",
                    "guess guess guess",
                    "client",
                    Map.of("ip", "192.0.2.10")));
        assertThat(r.status()).isEqualTo(401);
      }
      Reply stopped =
          server.post(
              "/v1/auth/login",
              Map.of("username", "target", "password", good, "client", Map.of("ip", "192.0.2.10")));
      assertThat(stopped.status()).isEqualTo(429);
      assertThat(stopped.raw().headers().firstValue("Retry-After")).isPresent();
      Reply other =
          server.post(
              "/v1/auth/login",
              Map.of("username", "target", "password", good, "client", Map.of("ip", "192.0.2.11")));
      assertThat(other.status()).isEqualTo(200);
      assertThat(
              server
                  .get("/v1/events?type=auth.login_failed&reason=THROTTLED")
                  .json()
                  .path("events")
                  .get(0)
                  .path("detail")
                  .path("limit")
                  .asText())
          .isEqualTo("address");
    }
  }
}
