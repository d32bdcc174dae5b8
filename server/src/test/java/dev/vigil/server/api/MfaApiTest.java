package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.account.Base32;
import dev.vigil.account.Totp;
import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.TestServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TOTP enrolment and the two-step sign-in over HTTP, with codes computed as an app would. */
class MfaApiTest {
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
  void enrolConfirmAndSignIn_givesAal2_replayRefused_recoveryCodeWorksOnce() throws Exception {
    String id =
        server.post("/v1/users", Map.of("username", "mfa-user", "password", GOOD)).text("id");
    Reply enrol = server.post("/v1/users/" + id + "/totp", Map.of("password", GOOD));
    assertThat(enrol.status()).isEqualTo(200);
    assertThat(enrol.text("otpauth_uri")).startsWith("otpauth://totp/Vigil:mfa-user?secret=");
    assertThat(enrol.text("qr_svg")).startsWith("<svg").contains("<path");
    byte[] seed = Base32.decode(enrol.text("secret"));

    long step = Totp.step(Instant.now());
    Reply confirmed =
        server.post("/v1/users/" + id + "/totp/confirm", Map.of("code", Totp.code(seed, step)));
    assertThat(confirmed.status()).isEqualTo(200);
    List<String> recovery = new java.util.ArrayList<>();
    confirmed.json().path("recovery_codes").forEach(c -> recovery.add(c.asText()));
    assertThat(recovery).hasSize(10);
    assertThat(recovery)
        .as("120 bits each: 24 base32 characters in groups of four")
        .allSatisfy(c -> assertThat(c).matches("([a-z2-7]{4}-){5}[a-z2-7]{4}"));
    assertThat(server.post("/v1/users/" + id + "/totp", Map.of("password", GOOD)).status())
        .isEqualTo(409);

    Reply first = server.post("/v1/auth/login", Map.of("username", "mfa-user", "password", GOOD));
    assertThat(first.json().path("mfa_required").asBoolean()).isTrue();
    assertThat(first.json().has("token")).isFalse();
    String challenge = first.text("challenge");
    Reply replay =
        server.post("/v1/auth/mfa", Map.of("challenge", challenge, "code", Totp.code(seed, step)));
    assertThat(replay.status()).isEqualTo(401);
    assertThat(replay.text("reason")).isEqualTo("MFA_INVALID");

    Reply done =
        server.post("/v1/auth/mfa", Map.of("challenge", challenge, "code", recovery.get(0)));
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.json().path("session").path("aal").asInt()).isEqualTo(2);
    Reply used = server.get("/v1/events?type=auth.recovery_code_used&subject=" + id);
    assertThat(used.json().path("events").get(0).path("detail").path("codes_left").asText())
        .isEqualTo("9");
    Reply verified =
        server.post(
            "/v1/sessions/verify",
            Map.of("token", done.text("token"), "require", Map.of("aal", 2)));
    assertThat(verified.json().path("valid").asBoolean()).isTrue();

    String again =
        server
            .post("/v1/auth/login", Map.of("username", "mfa-user", "password", GOOD))
            .text("challenge");
    assertThat(
            server
                .post("/v1/auth/mfa", Map.of("challenge", again, "code", recovery.get(0)))
                .status())
        .isEqualTo(401);
    assertThat(
            server
                .post("/v1/auth/mfa", Map.of("challenge", challenge, "code", recovery.get(1)))
                .status())
        .as("the first challenge was used")
        .isEqualTo(401);
  }

  @Test
  void wrongConfirmationCode_is400_unknownUser404() {
    String id =
        server.post("/v1/users", Map.of("username", "mfa-wrong", "password", GOOD)).text("id");
    byte[] seed =
        Base32.decode(
            server.post("/v1/users/" + id + "/totp", Map.of("password", GOOD)).text("secret"));
    long step = Totp.step(Instant.now());
    java.util.Set<String> valid =
        java.util.Set.of(
            Totp.code(seed, step - 1),
            Totp.code(seed, step),
            Totp.code(seed, step + 1),
            Totp.code(seed, step + 2));
    String wrong =
        java.util.stream.IntStream.range(0, 10)
            .mapToObj(n -> String.format("%06d", n * 111_111))
            .filter(c -> !valid.contains(c))
            .findFirst()
            .orElseThrow();
    Reply r = server.post("/v1/users/" + id + "/totp/confirm", Map.of("code", wrong));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text("reason")).isEqualTo("MFA_INVALID");
    assertThat(
            server
                .post("/v1/users/usr_AAAAAAAAAAAAAAAAAAAAAA/totp", Map.of("password", GOOD))
                .status())
        .isEqualTo(404);
  }

  @Test
  void enrolAndRemove_needAFreshReauthentication() {
    String id =
        server.post("/v1/users", Map.of("username", "mfa-reauth", "password", GOOD)).text("id");
    Reply bare = server.post("/v1/users/" + id + "/totp", Map.of());
    assertThat(bare.status()).isEqualTo(400);
    assertThat(bare.text("field")).isEqualTo("password");
    assertThat(
            server
                .post("/v1/users/" + id + "/totp", Map.of("password", "not the password at all"))
                .text("reason"))
        .isEqualTo("INVALID_CREDENTIALS");
    String token =
        server
            .post("/v1/auth/login", Map.of("username", "mfa-reauth", "password", GOOD))
            .text("token");
    Reply withSession = server.post("/v1/users/" + id + "/totp", Map.of("token", token));
    assertThat(withSession.status()).as("a session signed in just now").isEqualTo(200);
    String other = server.createToken("someone-else");
    Reply foreign = server.post("/v1/users/" + id + "/totp", Map.of("token", other));
    assertThat(foreign.status()).isEqualTo(403);
    assertThat(foreign.text("reason")).isEqualTo("STEP_UP_REQUIRED");
    assertThat(foreign.json().path("required").path("max_auth_age").asText()).isEqualTo("PT5M");

    byte[] seed = Base32.decode(withSession.text("secret"));
    server.post(
        "/v1/users/" + id + "/totp/confirm",
        Map.of("code", Totp.code(seed, Totp.step(Instant.now()))));
    assertThat(server.delete("/v1/users/" + id + "/totp", Map.of()).status()).isEqualTo(400);
    assertThat(
            server
                .delete("/v1/users/" + id + "/totp", Map.of("password", "still not the password"))
                .status())
        .isEqualTo(401);
    assertThat(server.delete("/v1/users/" + id + "/totp", Map.of("password", GOOD)).status())
        .isEqualTo(204);
    assertThat(server.get("/v1/events?type=auth.mfa_removed&subject=" + id).json().path("events"))
        .hasSize(1);
    assertThat(server.delete("/v1/users/" + id + "/totp", Map.of("password", GOOD)).status())
        .isEqualTo(404);
    assertThat(
            server
                .post("/v1/auth/login", Map.of("username", "mfa-reauth", "password", GOOD))
                .json()
                .has("token"))
        .as("signs in with the password alone again")
        .isTrue();
  }
}
