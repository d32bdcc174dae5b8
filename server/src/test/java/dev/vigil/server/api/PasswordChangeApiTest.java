package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A password change ends every other session of the user (PASSWORD_CHANGED). */
class PasswordChangeApiTest {
  private static final String GOOD = "violet kettle marching sideways 81";
  private static final String NEXT = "amber lantern folding quietly 907";
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(Map.of());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void changeWithCurrentPassword_endsOtherSessions_newPasswordSignsIn() {
    String id =
        server.post("/v1/users", Map.of("username", "changer", "password", GOOD)).text("id");
    String a = login("changer", GOOD).text("token");
    String b = login("changer", GOOD).text("token");

    Reply wrong =
        server.post(
            "/v1/users/" + id + "/password",
            Map.of("current_password", "not the right one at all", "new_password", NEXT));
    assertThat(wrong.status()).isEqualTo(401);
    Reply weak =
        server.post(
            "/v1/users/" + id + "/password",
            Map.of("current_password", GOOD, "new_password", "qwertyuiopasdfgh"));
    assertThat(weak.status()).isEqualTo(400);
    assertThat(weak.text("reason")).isEqualTo("PASSWORD_POLICY");

    Reply changed =
        server.post(
            "/v1/users/" + id + "/password",
            Map.of("current_password", GOOD, "new_password", NEXT));
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.json().path("sessions_ended").asInt()).isEqualTo(2);
    for (String t : new String[] {a, b}) {
      assertThat(server.verify(t).json().path("revocation").path("cause").asText())
          .isEqualTo("PASSWORD_CHANGED");
    }
    assertThat(login("changer", GOOD).status()).isEqualTo(401);
    assertThat(login("changer", NEXT).status()).isEqualTo(200);
  }

  @Test
  void changeWithSessionAndPassword_keepsThatSession_endsTheOthers() {
    String id =
        server.post("/v1/users", Map.of("username", "fresh-changer", "password", GOOD)).text("id");
    String other = login("fresh-changer", GOOD).text("token");
    String mine = login("fresh-changer", GOOD).text("token");
    Reply tokenOnly =
        server.post("/v1/users/" + id + "/password", Map.of("token", mine, "new_password", NEXT));
    assertThat(tokenOnly.status())
        .as("a fresh session never replaces the current password (ASVS 6.2.3)")
        .isEqualTo(400);
    assertThat(tokenOnly.text("field")).isEqualTo("current_password");
    Reply foreign =
        server.post(
            "/v1/users/" + id + "/password",
            Map.of(
                "current_password",
                GOOD,
                "token",
                server.createToken("someone-else"),
                "new_password",
                NEXT));
    assertThat(foreign.status()).isEqualTo(400);
    assertThat(foreign.text("field")).isEqualTo("token");
    Reply changed =
        server.post(
            "/v1/users/" + id + "/password",
            Map.of("current_password", GOOD, "token", mine, "new_password", NEXT));
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.json().path("sessions_ended").asInt()).isEqualTo(1);
    assertThat(server.verify(mine).json().path("valid").asBoolean()).isTrue();
    assertThat(server.verify(other).text("reason")).isEqualTo("REVOKED");
  }

  @Test
  void operatorReset_tokenWorksOnce_endsAllSessions_unlocksTheAccount() {
    String id =
        server.post("/v1/users", Map.of("username", "forgetful", "password", GOOD)).text("id");
    String token = login("forgetful", GOOD).text("token");
    for (int i = 0; i < 5; i++) {
      login("forgetful", "wrong wrong wrong wrong");
    }
    assertThat(login("forgetful", GOOD).status()).isEqualTo(429);

    Reply issued = server.post("/v1/users/" + id + "/password-reset", "");
    assertThat(issued.status()).isEqualTo(201);
    String reset = issued.text("reset_token");
    assertThat(reset).startsWith("vr1_");
    Reply weak =
        server.post(
            "/v1/auth/password-reset",
            Map.of("reset_token", reset, "new_password", "forgetful forgetful"));
    assertThat(weak.text("reason")).isEqualTo("PASSWORD_POLICY");
    Reply done =
        server.post("/v1/auth/password-reset", Map.of("reset_token", reset, "new_password", NEXT));
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.json().path("sessions_ended").asInt()).isEqualTo(1);
    assertThat(server.verify(token).json().path("revocation").path("cause").asText())
        .isEqualTo("PASSWORD_CHANGED");
    assertThat(login("forgetful", NEXT).status()).isEqualTo(200);
    Reply again =
        server.post(
            "/v1/auth/password-reset", Map.of("reset_token", reset, "new_password", NEXT + "x"));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.text("reason")).isEqualTo("INVALID_RESET_TOKEN");
  }

  private static Reply login(String user, String password) {
    return server.post("/v1/auth/login", Map.of("username", user, "password", password));
  }
}
