package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.account.Base32;
import dev.vigil.account.Totp;
import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, part 4: authentication as NIST SP 800-63B-4 and ASVS 5.0 require, over HTTP on a server
 * whose clock the test moves: each test has its own server and clock, so no test's moves reach
 * another.
 */
class Issue8AuthenticationTest {
  private static final String GOOD = "violet kettle marching sideways 81";
  private final MutableClock clock =
      new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    server = TestServer.start(Map.of(ConfigKey.ABSOLUTE_TIMEOUT, "PT8S"), clock);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void stepUp_restartsTheAbsoluteLifetime_nist5_2() {
    user("lifetime");
    Reply in = login("lifetime", GOOD);
    Instant created = Instant.parse(in.json().path("session").path("created_at").asText());
    clock.advance(Duration.ofSeconds(3));
    Reply up = server.post("/v1/auth/step-up", Map.of("token", in.text("token"), "password", GOOD));
    assertThat(up.status()).isEqualTo(200);
    assertThat(Instant.parse(up.json().path("session").path("absolute_expires_at").asText()))
        .isEqualTo(created.plusSeconds(3 + 8));
    clock.advance(Duration.ofSeconds(6));
    assertThat(server.verify(up.text("token")).json().path("valid").asBoolean())
        .as("9 s after sign-in, 6 s after the step-up")
        .isTrue();
    clock.advance(Duration.ofSeconds(3));
    assertThat(server.verify(up.text("token")).text("reason")).isEqualTo("EXPIRED_ABSOLUTE");
  }

  @Test
  void stepUpRequired_saysWhatIsMissing_machineReadably() {
    user("needs-aal2");
    String token = login("needs-aal2", GOOD).text("token");
    JsonNode aal =
        server
            .post("/v1/sessions/verify", Map.of("token", token, "require", Map.of("aal", 2)))
            .json();
    assertThat(aal.path("reason").asText()).isEqualTo("STEP_UP_REQUIRED");
    assertThat(aal.path("required").path("aal").asInt()).isEqualTo(2);
    assertThat(aal.path("required").path("methods"))
        .extracting(JsonNode::asText)
        .containsExactly("otp", "lookup");
    clock.advance(Duration.ofSeconds(4));
    JsonNode fresh =
        server
            .post(
                "/v1/sessions/verify",
                Map.of("token", token, "require", Map.of("max_auth_age", "PT2S")))
            .json();
    assertThat(fresh.path("required").path("max_auth_age").asText()).isEqualTo("PT2S");
    assertThat(fresh.path("required").has("aal")).isFalse();
    assertThat(fresh.path("required").path("methods"))
        .extracting(JsonNode::asText)
        .containsExactly("pwd", "otp", "lookup");
  }

  @Test
  void shortPasswordWithoutItsSecondFactor_opensNoSession_leadsToANewPassword() {
    String id = user("short-after-totp");
    Reply enrol = server.post("/v1/users/" + id + "/totp", Map.of("password", GOOD));
    byte[] seed = Base32.decode(enrol.text("secret"));
    assertThat(
            server
                .post(
                    "/v1/users/" + id + "/totp/confirm",
                    Map.of("code", Totp.code(seed, Totp.step(clock.instant()))))
                .status())
        .isEqualTo(200);
    String twelve = "Zq8#mW2$kP4x";
    assertThat(
            server
                .post(
                    "/v1/users/" + id + "/password",
                    Map.of("current_password", GOOD, "new_password", twelve))
                .status())
        .as("12 characters are allowed while TOTP is on")
        .isEqualTo(200);
    assertThat(server.delete("/v1/users/" + id + "/totp", Map.of("password", twelve)).status())
        .isEqualTo(204);

    Reply alone = login("short-after-totp", twelve);
    assertThat(alone.status()).isEqualTo(403);
    assertThat(alone.text("reason")).isEqualTo("PASSWORD_CHANGE_REQUIRED");
    assertThat(alone.json().has("token")).isFalse();
    String next = "amber lantern folding quietly 907";
    assertThat(
            server
                .post(
                    "/v1/auth/password-reset",
                    Map.of("reset_token", alone.text("reset_token"), "new_password", next))
                .status())
        .isEqualTo(200);
    assertThat(login("short-after-totp", next).json().has("token")).isTrue();
  }

  @Test
  void fifthFailure_engagesTheThrottle_andTellsTheAccountHolder() {
    String id = user("throttled-holder");
    for (int i = 0; i < 5; i++) {
      login("throttled-holder", "wrong wrong wrong wrong");
    }
    List<JsonNode> engaged = new java.util.ArrayList<>();
    server
        .get("/v1/events?type=auth.throttled&subject=" + id)
        .json()
        .path("events")
        .forEach(engaged::add);
    assertThat(engaged).hasSize(1);
    assertThat(engaged.get(0).path("reason").asText()).isEqualTo("DELAYED");
    assertThat(engaged.get(0).path("detail").path("failures").asText()).isEqualTo("5");
  }

  private String user(String name) {
    Reply r = server.post("/v1/users", Map.of("username", name, "password", GOOD));
    assertThat(r.status()).isEqualTo(201);
    return r.text("id");
  }

  private Reply login(String name, String password) {
    return server.post("/v1/auth/login", Map.of("username", name, "password", password));
  }
}
