package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.TestServer;
import dev.vigil.testkit.MutableClock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** STEP_UP_REQUIRED, then step-up with the password: fresh auth_time, rotated token. */
class StepUpApiTest {
  private static final String GOOD = "violet kettle marching sideways 81";
  private static final MutableClock CLOCK = new MutableClock(java.time.Instant.now());
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(Map.of(), CLOCK);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void staleAuthentication_isStepUpRequired_stepUpWithPasswordRefreshesAndRotates()
      throws Exception {
    server.post("/v1/users", Map.of("username", "stepper", "password", GOOD));
    String token =
        server
            .post("/v1/auth/login", Map.of("username", "stepper", "password", GOOD))
            .text("token");
    CLOCK.advance(java.time.Duration.ofMillis(1_100));
    Reply stale =
        server.post(
            "/v1/sessions/verify",
            Map.of("token", token, "require", Map.of("max_auth_age", "PT1S")));
    assertThat(stale.text("reason")).isEqualTo("STEP_UP_REQUIRED");
    assertThat(stale.text("action")).isEqualTo("step_up");

    Reply wrong =
        server.post("/v1/auth/step-up", Map.of("token", token, "password", "not it at all, sorry"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.text("reason")).isEqualTo("INVALID_CREDENTIALS");

    Reply stepped = server.post("/v1/auth/step-up", Map.of("token", token, "password", GOOD));
    assertThat(stepped.status()).isEqualTo(200);
    String fresh = stepped.text("token");
    assertThat(fresh).isNotEqualTo(token);
    Reply ok =
        server.post(
            "/v1/sessions/verify",
            Map.of("token", fresh, "require", Map.of("max_auth_age", "PT1S")));
    assertThat(ok.json().path("valid").asBoolean()).isTrue();
    assertThat(server.verify(token).text("reason")).isEqualTo("SUPERSEDED");
    assertThat(server.get("/v1/events?type=auth.step_up").json().path("events")).isNotEmpty();
  }

  @Test
  void stepUp_needsExactlyOneOfPasswordAndCode_andAValidToken() {
    assertThat(
            server
                .post(
                    "/v1/auth/step-up",
                    Map.of("token", "vs1.x", "password", GOOD, "code", "123456"))
                .status())
        .isEqualTo(400);
    assertThat(server.post("/v1/auth/step-up", Map.of("token", "vs1.x")).status()).isEqualTo(400);
    Reply garbage = server.post("/v1/auth/step-up", Map.of("token", "garbage", "password", GOOD));
    assertThat(garbage.status()).isEqualTo(409);
    assertThat(garbage.text("reason")).isEqualTo("MALFORMED");
  }

  @Test
  void clientChangeStepUpPolicy_stepUpFromTheNewClient_letsTheSessionGoOn() throws Exception {
    Map<String, String> firefox =
        Map.of("ip", "203.0.113.9", "user_agent", "Mozilla/5.0 (X11; Linux) Firefox/140.0");
    Map<String, String> chrome =
        Map.of(
            "ip",
            "198.51.100.4",
            "user_agent",
            "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36");
    try (TestServer watching =
        TestServer.start(
            Map.of(dev.vigil.server.config.ConfigKey.CLIENT_CHANGE, "step_up"), CLOCK)) {
      watching.post("/v1/users", Map.of("username", "roamer", "password", GOOD));
      String token =
          watching
              .post(
                  "/v1/auth/login",
                  Map.of("username", "roamer", "password", GOOD, "client", firefox))
              .text("token");
      Reply moved = watching.post("/v1/sessions/verify", Map.of("token", token, "client", chrome));
      assertThat(moved.text("reason")).isEqualTo("STEP_UP_REQUIRED");

      Reply stepped =
          watching.post(
              "/v1/auth/step-up", Map.of("token", token, "password", GOOD, "client", chrome));
      assertThat(stepped.status()).as(stepped.raw().body()).isEqualTo(200);
      Reply there =
          watching.post(
              "/v1/sessions/verify", Map.of("token", stepped.text("token"), "client", chrome));
      assertThat(there.json().path("valid").asBoolean()).as(there.raw().body()).isTrue();
    }
  }
}
