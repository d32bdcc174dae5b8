package dev.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.TestServer;
import dev.vigil.testkit.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The account pages over plain HTTP: changing the password, the authenticator app's forms and the
 * security events; forged posts are refused and bad input is a 4xx page, never a 500. The clock is
 * moved, never slept on.
 */
class WebAccountHttpTest {
  private static final String GOOD = "violet kettle marching sideways 81";
  private static final String NEW = "quiet lanterns over sleeping harbours 7";
  private static final MutableClock CLOCK = MutableClock.standard();
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(Map.of(), CLOCK);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static WebClient signedIn(String username) {
    return WebClient.signedIn(server, username, GOOD);
  }

  private static String login(String username, String password) {
    return server
        .post("/v1/auth/login", Map.of("username", username, "password", password))
        .text("token");
  }

  @Test
  void changePassword_refusesForgedAndBadInput_thenChanges_andEndsOtherSessions() {
    WebClient c = signedIn("pw-http");
    String other = login("pw-http", GOOD);
    HttpResponse<String> page = c.get("/account/password");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("At least 15 characters", "autocomplete=\"new-password\"")
        .contains("autocomplete=\"current-password\"");
    String token = c.csrf();
    Map<String, String> good =
        Map.of(
            "csrf", token,
            "current_password", GOOD,
            "new_password", NEW,
            "new_password_again", NEW);
    assertThat(c.post("/account/password", good, Optional.of("https://evil.example")).statusCode())
        .isEqualTo(403);
    assertThat(c.post("/account/password", good, Optional.empty()).statusCode()).isEqualTo(403);
    assertThat(c.post("/account/password", with(good, "csrf", "x." + token)).statusCode())
        .isEqualTo(403);

    HttpResponse<String> mismatch =
        c.post("/account/password", with(good, "new_password_again", NEW + "x"));
    assertThat(mismatch.statusCode()).isEqualTo(400);
    assertThat(mismatch.body()).contains("The two new passwords are not the same.");
    assertThat(c.post("/account/password", Map.of("csrf", token)).statusCode()).isEqualTo(400);
    String huge = "p".repeat(1100);
    assertThat(
            c.post(
                    "/account/password",
                    with(with(good, "new_password", huge), "new_password_again", huge))
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> weak =
        c.post(
            "/account/password",
            with(with(good, "new_password", "short1"), "new_password_again", "short1"));
    assertThat(weak.statusCode()).isEqualTo(400);
    assertThat(weak.body()).contains("Vigil cannot accept this password:", "at least 15");
    HttpResponse<String> wrong = c.post("/account/password", with(good, "current_password", "no"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("The current password is not right.");
    assertThat(server.verify(other).json().path("valid").asBoolean()).isTrue();

    HttpResponse<String> done = c.post("/account/password", good);
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(done.headers().firstValue("Location"))
        .hasValue("/account/security?changed=password&ended=1");
    var verdict = server.verify(other).json();
    assertThat(verdict.path("reason").asText()).isEqualTo("REVOKED");
    assertThat(verdict.path("revocation").path("cause").asText()).isEqualTo("PASSWORD_CHANGED");
    assertThat(
            server.verify(c.cookies().get("__Host-vigil-session")).json().path("valid").asBoolean())
        .as("this browser's session stays")
        .isTrue();
    HttpResponse<String> security = c.get("/account/security?changed=password&ended=1");
    assertThat(security.body())
        .contains("Your password was changed, and one other session was ended.")
        .contains("Password changed", "Session ended: the password changed", "Signed in");
    assertThat(login("pw-http", NEW)).startsWith("vs1.");
  }

  @Test
  void sensitivePages_afterFiveMinutes_sendToReauth() {
    WebClient c = signedIn("stale-http");
    assertThat(c.get("/account/security").statusCode()).isEqualTo(200);
    String token = c.csrf();
    CLOCK.advance(Duration.ofMinutes(6));
    for (String path :
        new String[] {"/account/password", "/account/totp", "/account/totp/remove"}) {
      HttpResponse<String> r = c.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(303);
      assertThat(r.headers().firstValue("Location"))
          .as(path)
          .hasValue(
              "/reauth?return_to="
                  + java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8));
    }
    HttpResponse<String> start = c.post("/account/totp", Map.of("csrf", token));
    assertThat(start.headers().firstValue("Location"))
        .hasValue("/reauth?return_to=%2Faccount%2Ftotp");
    assertThat(c.get("/account/security").statusCode())
        .as("looking needs no step-up")
        .isEqualTo(200);
  }

  @Test
  void totpForms_refuseForgedAndBadInput_with4xxPages() {
    WebClient c = signedIn("totp-http");
    c.get("/account/security");
    String token = c.csrf();
    assertThat(
            c.post("/account/totp", Map.of("csrf", token), Optional.of("https://evil.example"))
                .statusCode())
        .isEqualTo(403);
    assertThat(c.post("/account/totp", Map.of("csrf", "nope")).statusCode()).isEqualTo(403);
    assertThat(c.post("/account/totp/remove", Map.of("csrf", "nope")).statusCode()).isEqualTo(403);
    HttpResponse<String> offer = c.post("/account/totp", Map.of("csrf", token));
    assertThat(offer.statusCode()).isEqualTo(200);
    assertThat(offer.body()).contains("src=\"data:image/svg+xml;base64,", "id=\"secret\"");
    String otpauth =
        offer
            .body()
            .replaceAll("(?s).*name=\"otpauth\" value=\"([^\"]*)\".*", "$1")
            .replace("&amp;", "&");
    assertThat(otpauth).startsWith("otpauth://totp/");

    HttpResponse<String> badUri =
        c.post(
            "/account/totp/confirm",
            Map.of("csrf", token, "otpauth", "javascript:alert(1)", "code", "123456"));
    assertThat(badUri.statusCode()).isEqualTo(400);
    HttpResponse<String> noCode =
        c.post("/account/totp/confirm", Map.of("csrf", token, "otpauth", otpauth));
    assertThat(noCode.statusCode()).isEqualTo(400);
    assertThat(noCode.body()).contains("Enter the code the app shows.", "id=\"qr\"");
    HttpResponse<String> wrong =
        c.post(
            "/account/totp/confirm",
            Map.of("csrf", token, "otpauth", otpauth, "code", "12345678901234567890"));
    assertThat(wrong.statusCode()).isEqualTo(400);
    HttpResponse<String> forged =
        c.post(
            "/account/totp/confirm",
            Map.of("csrf", token, "otpauth", otpauth, "code", "123456"),
            Optional.of("https://evil.example"));
    assertThat(forged.statusCode()).isEqualTo(403);
  }

  @Test
  void securityEvents_sayInPlainWords_whenACopiedTokenEndedASession() {
    WebClient c = signedIn("events-http");
    String first = login("events-http", GOOD);
    CLOCK.advance(Duration.ofMinutes(20));
    String renewed = server.verify(first).text("renewed_token");
    assertThat(renewed).startsWith("vs1.");
    assertThat(server.verify(renewed).json().path("valid").asBoolean()).isTrue();
    CLOCK.advance(Duration.ofMinutes(5));
    assertThat(server.verify(first).text("reason")).isEqualTo("TOKEN_REUSED");
    HttpResponse<String> page = c.get("/account/security");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("Session ended: its token was copied")
        .contains("A copied token of your session was used")
        .contains("Signed in");
  }

  private static Map<String, String> with(Map<String, String> form, String key, String value) {
    var copy = new java.util.HashMap<>(form);
    copy.put(key, value);
    return copy;
  }
}
