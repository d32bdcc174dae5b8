package dev.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.account.Base32;
import dev.vigil.account.Totp;
import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.testkit.MutableClock;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

/**
 * The pages in a real browser (headless Chromium): sign-in with a password and TOTP, the sessions
 * page, an expired session's sign-in that says why and returns, open redirects, and a cross-origin
 * form. Every page visited passes axe-core and is photographed at a phone's and a desktop's width.
 * The server's clock is moved, never slept on. Cookies without {@code Secure} (dev mode), as the
 * browser reaches the server over plain HTTP.
 */
class WebBrowserTest {
  private static final String GOOD = "violet kettle marching sideways 81";
  private static final String PHONE_UA =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
          + " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
  private static final MutableClock CLOCK = MutableClock.standard();
  private static TestServer server;
  private static String origin;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(Map.of(ConfigKey.DEV_INSECURE_COOKIES, "true"), CLOCK);
    origin = "http://127.0.0.1:" + server.uri("/").getPort();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void signInWithTotp_seesTwoSessions_endsTheOther_whichThenVerifiesRevoked() throws Exception {
    String id =
        server.post("/v1/users", Map.of("username", "totp-person", "password", GOOD)).text("id");
    byte[] seed =
        Base32.decode(
            server.post("/v1/users/" + id + "/totp", Map.of("password", GOOD)).text("secret"));
    assertThat(
            server.post("/v1/users/" + id + "/totp/confirm", Map.of("code", code(seed))).status())
        .isEqualTo(200);
    CLOCK.advance(Duration.ofSeconds(30));
    String challenge =
        server
            .post("/v1/auth/login", Map.of("username", "totp-person", "password", GOOD))
            .text("challenge");
    var phone =
        server.post(
            "/v1/auth/mfa",
            Map.of(
                "challenge",
                challenge,
                "code",
                code(seed),
                "client",
                Map.of("ip", "203.0.113.9", "user_agent", PHONE_UA)));
    String phoneToken = phone.text("token");
    assertThat(server.verify(phoneToken).json().path("valid").asBoolean()).isTrue();
    CLOCK.advance(Duration.ofSeconds(30));

    try (Browser b = Browser.open("totp")) {
      b.go(origin + "/login");
      b.check("login");
      b.type("#username", "totp-person");
      b.type("#password", GOOD);
      b.submit("#sign-in");
      assertThat(b.find("h1").getText()).isEqualTo("Enter your authentication code");
      b.check("code");
      b.submit("#switch");
      assertThat(b.find("h1").getText()).isEqualTo("Enter a recovery code");
      b.check("recovery-code");
      b.submit("#switch");
      b.type("#code", "000000");
      b.submit("#verify");
      assertThat(b.find("#error").getText()).contains("The code is not right");
      b.check("code-wrong");
      b.type("#code", code(seed));
      b.submit("#verify");

      assertThat(b.path()).isEqualTo("/account/sessions");
      List<WebElement> sessions = b.all("li.session");
      assertThat(sessions).hasSize(2);
      assertThat(b.all("li.session.current")).hasSize(1);
      assertThat(b.find("li.session.current").getText()).contains("This device");
      WebElement other = b.find("li.session:not(.current)");
      assertThat(other.getText()).contains("203.0.113.9", "Safari", "iOS");
      b.check("sessions");
      b.submit(other.findElement(org.openqa.selenium.By.cssSelector("button")));

      assertThat(b.find("#notice").getText()).isEqualTo("The session was ended.");
      assertThat(b.all("li.session")).hasSize(1);
      b.check("sessions-ended");
    }
    var verdict = server.verify(phoneToken);
    assertThat(verdict.json().path("valid").asBoolean()).isFalse();
    assertThat(verdict.text("reason")).isEqualTo("REVOKED");
  }

  @Test
  void idleTimeout_signInSaysWhy_andReturnsTo_returnTo() throws Exception {
    server.post("/v1/users", Map.of("username", "idle-person", "password", GOOD));
    try (Browser b = Browser.open("idle")) {
      signIn(b, "/login", "idle-person");
      assertThat(b.path()).isEqualTo("/account/sessions");
      b.check("signed-in");
      CLOCK.advance(Duration.ofMinutes(45));

      b.go(origin + "/account/sessions");
      assertThat(b.path()).isEqualTo("/login?reason=EXPIRED_IDLE&return_to=%2Faccount%2Fsessions");
      assertThat(b.find("#notice").getText())
          .isEqualTo(
              "You were signed out after 30 minutes without activity. Please sign in again.");
      b.check("expired");

      String returnTo = "/app/inbox?tab=2";
      signIn(b, "/login?reason=EXPIRED_IDLE&return_to=" + enc(returnTo), "idle-person");
      assertThat(b.path()).as("after sign-in, back where the person was").isEqualTo(returnTo);
    }
  }

  @Test
  void rotation_replacesTheCookie_andATabWithTheOldOneStaysSignedIn() throws Exception {
    server.post("/v1/users", Map.of("username", "rotation-person", "password", GOOD));
    try (Browser b = Browser.open("rotation")) {
      signIn(b, "/login", "rotation-person");
      Cookie first = b.driver().manage().getCookieNamed("vigil-session");
      assertThat(first.isHttpOnly()).isTrue();
      assertThat(first.getSameSite()).isEqualTo("Lax");
      CLOCK.advance(Duration.ofMinutes(20));

      b.go(origin + "/account/sessions");
      assertThat(b.path()).isEqualTo("/account/sessions");
      Cookie renewed = b.driver().manage().getCookieNamed("vigil-session");
      assertThat(renewed.getValue())
          .as("renewed_token replaced the cookie")
          .isNotEqualTo(first.getValue());

      // another tab that still sends the previous token, within the rotation grace
      b.driver().manage().deleteCookieNamed("vigil-session");
      b.driver().manage().addCookie(first);
      b.go(origin + "/account/sessions");
      assertThat(b.path()).as("still signed in").isEqualTo("/account/sessions");
      assertThat(b.driver().manage().getCookieNamed("vigil-session").getValue())
          .as("the same successor")
          .isEqualTo(renewed.getValue());
      b.check("after-rotation");
    }
  }

  @Test
  void openRedirectAttempts_landOnTheDefaultPage() throws Exception {
    server.post("/v1/users", Map.of("username", "redirect-person", "password", GOOD));
    List<String> attempts =
        List.of(
            "//evil.example",
            "/\\evil.example",
            "https:evil.example",
            "https://evil.example/",
            "/%2F%2Fevil.example",
            "%2F%2Fevil.example",
            "/%5Cevil.example",
            "/%09/evil.example");
    try (Browser b = Browser.open("redirect")) {
      signIn(b, "/login?return_to=" + enc(attempts.get(0)), "redirect-person");
      assertThat(b.driver().getCurrentUrl()).isEqualTo(origin + "/account/sessions");
      b.check("default-page");
      for (String evil : attempts) {
        b.go(origin + "/login?return_to=" + enc(evil));
        assertThat(b.driver().getCurrentUrl()).as(evil).isEqualTo(origin + "/account/sessions");
      }
    }
  }

  @Test
  void crossOriginFormPost_isRefused_andChangesNothing() throws Exception {
    server.post("/v1/users", Map.of("username", "csrf-person", "password", GOOD));
    String otherToken =
        server
            .post("/v1/auth/login", Map.of("username", "csrf-person", "password", GOOD))
            .text("token");
    try (Browser b = Browser.open("csrf")) {
      signIn(b, "/login", "csrf-person");
      b.check("two-sessions");
      // the form's token, as if it had leaked: only the Origin check is left to refuse the post
      String token =
          b.find("#end-others")
              .findElement(org.openqa.selenium.By.xpath(".."))
              .findElement(org.openqa.selenium.By.name("csrf"))
              .getAttribute("value");
      HttpServer evil = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      byte[] page =
          ("<!DOCTYPE html><html lang=\"en\"><head><title>Win a prize</title></head><body><main>"
                  + "<form method=\"post\" action=\""
                  + origin
                  + "/account/sessions/end-others\"><input type=\"hidden\" name=\"csrf\" value=\""
                  + token
                  + "\"><button id=\"prize\">Claim</button></form></main></body></html>")
              .getBytes(StandardCharsets.UTF_8);
      evil.createContext(
          "/",
          x -> {
            x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            x.sendResponseHeaders(200, page.length);
            x.getResponseBody().write(page);
            x.close();
          });
      evil.start();
      try {
        b.go("http://127.0.0.1:" + evil.getAddress().getPort() + "/");
        b.submit("#prize");
        assertThat(b.path()).isEqualTo("/account/sessions/end-others");
        assertThat(b.find("#error").getText()).contains("sent from another site");
        b.check("csrf-refused");
      } finally {
        evil.stop(0);
      }
    }
    assertThat(server.verify(otherToken).json().path("valid").asBoolean())
        .as("the other session survived the forged post")
        .isTrue();
  }

  private static void signIn(Browser b, String loginPath, String username) {
    b.go(origin + loginPath);
    b.type("#username", username);
    b.type("#password", GOOD);
    b.submit("#sign-in");
  }

  private static String code(byte[] seed) {
    return Totp.code(seed, Totp.step(CLOCK.instant()));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
