package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Users and password sign-in over HTTP, with the real Argon2id parameters and zxcvbn. */
class AccountApiTest {
  private static final String GOOD = "violet kettle marching sideways 81";
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
  void createUser_thenLogin_returnsTokenForTheUsersSubject() {
    Reply created =
        server.post(
            "/v1/users",
            Map.of(
                "username",
                "Alice",
                "password",
                GOOD,
                "email",
                "alice@example.com",
                "roles",
                List.of("editor")));
    assertThat(created.status()).isEqualTo(201);
    String id = created.text("id");
    assertThat(id).startsWith("usr_");
    assertThat(created.text("username")).isEqualTo("Alice");
    assertThat(created.raw().body()).doesNotContain("argon2").doesNotContain(GOOD);

    Reply login =
        server.post(
            "/v1/auth/login",
            Map.of("username", "ALICE", "password", GOOD, "client", Map.of("ip", "203.0.113.9")));
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.json().path("session").path("subject").asText()).isEqualTo(id);
    assertThat(login.json().path("session").path("auth_methods").get(0).asText()).isEqualTo("pwd");
    assertThat(server.verify(login.text("token")).json().path("valid").asBoolean()).isTrue();
    assertThat(server.get("/v1/users/" + id).text("username")).isEqualTo("Alice");
  }

  @Test
  void createUser_commonOrShortPassword_is400SayingWhy_takenUsername409() {
    Reply common =
        server.post("/v1/users", Map.of("username", "bob", "password", "passwordpassword"));
    Reply shortOne = server.post("/v1/users", Map.of("username", "bob", "password", "Xq7#pL"));
    assertThat(common.status()).isEqualTo(400);
    assertThat(common.text("reason")).isEqualTo("PASSWORD_POLICY");
    assertThat(common.text("detail")).startsWith("The password is too easy to guess.");
    assertThat(shortOne.text("detail"))
        .isEqualTo("The password must have at least 15 characters; it has 6.");
    assertThat(server.post("/v1/users", Map.of("username", "bob", "password", GOOD)).status())
        .isEqualTo(201);
    Reply taken = server.post("/v1/users", Map.of("username", " BOB", "password", GOOD));
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.text("reason")).isEqualTo("USERNAME_TAKEN");
  }

  @Test
  void login_unknownUserAndWrongPassword_answerTheSame() {
    server.post("/v1/users", Map.of("username", "carol", "password", GOOD));
    Reply wrong =
        server.post(
            "/v1/auth/login", Map.of("username", "carol", "password", "not the password at all"));
    Reply unknown =
        server.post(
            "/v1/auth/login",
            Map.of("username", "nobody-here", "password", "not the password at all"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.raw().body()).isEqualTo(unknown.raw().body());
    assertThat(wrong.text("reason")).isEqualTo("INVALID_CREDENTIALS");
  }

  @Test
  void login_afterFiveFailures_is429WithRetryAfter_andAnEvent() {
    server.post("/v1/users", Map.of("username", "dave", "password", GOOD));
    for (int i = 0; i < 5; i++) {
      server.post("/v1/auth/login", Map.of("username", "dave", "password", "wrong wrong wrong"));
    }
    Reply throttled = server.post("/v1/auth/login", Map.of("username", "dave", "password", GOOD));
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.raw().headers().firstValue("Retry-After")).contains("1");
    assertThat(throttled.text("reason")).isEqualTo("THROTTLED");
    assertThat(
            server.get("/v1/events?type=auth.login_failed&reason=THROTTLED").json().path("events"))
        .isNotEmpty();
  }

  @Test
  void disable_endsSessionsAndRefusesSignIn_deleteRemovesTheUser() {
    String id = server.post("/v1/users", Map.of("username", "erin", "password", GOOD)).text("id");
    String token =
        server.post("/v1/auth/login", Map.of("username", "erin", "password", GOOD)).text("token");
    assertThat(server.post("/v1/users/" + id + "/disable", "").json().path("disabled").asBoolean())
        .isTrue();
    Reply v = server.verify(token);
    assertThat(v.json().path("revocation").path("cause").asText()).isEqualTo("ACCOUNT_DISABLED");
    Reply login = server.post("/v1/auth/login", Map.of("username", "erin", "password", GOOD));
    Reply wrong =
        server.post("/v1/auth/login", Map.of("username", "erin", "password", "wrong wrong wrong"));
    assertThat(login.status()).as("every failed sign-in looks alike").isEqualTo(401);
    assertThat(login.json()).isEqualTo(wrong.json());
    assertThat(login.text("reason")).isEqualTo("INVALID_CREDENTIALS");
    assertThat(
            server
                .get("/v1/events?type=auth.login_failed&reason=ACCOUNT_DISABLED&subject=" + id)
                .json()
                .path("events"))
        .as("the event keeps the true reason")
        .hasSize(1);
    Reply create = server.post("/v1/sessions", Map.of("subject", id));
    assertThat(create.status()).isEqualTo(403);
    assertThat(create.text("reason")).isEqualTo("ACCOUNT_DISABLED");
    assertThat(server.delete("/v1/users/" + id).status()).isEqualTo(204);
    assertThat(server.get("/v1/users/" + id).status()).isEqualTo(404);
    assertThat(server.post("/v1/sessions", Map.of("subject", id)).status())
        .as("a deleted account's id")
        .isEqualTo(403);
    assertThat(server.post("/v1/sessions", Map.of("subject", "usr_1")).status())
        .as("an application's own subject that merely starts with usr_")
        .isEqualTo(201);
  }

  @Test
  void oversizedPassword_is400BeforeHashing() {
    Reply r = server.post("/v1/auth/login", Map.of("username", "x", "password", "p".repeat(1025)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text("field")).isEqualTo("password");
  }
}
