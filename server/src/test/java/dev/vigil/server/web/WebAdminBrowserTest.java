package dev.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.account.Base32;
import dev.vigil.account.Totp;
import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator dashboard in a real browser (headless Chromium): an operator signs in with a
 * password and TOTP and lands on the dashboard, whose chart has data after tampered tokens were
 * sent and whose panels refresh by themselves; the incident drill-down names the cause; the people,
 * subject, audit log and reports pages work. Every page passes axe-core and is photographed at a
 * phone's and a desktop's width. The server's clock is moved, never slept on.
 */
class WebAdminBrowserTest {
  private static final String GOOD = "violet kettle marching sideways 81";
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
  void chartHasDataAfterTamperedTokens_refreshesItself_andTheDrillDownNamesTheCause()
      throws Exception {
    byte[] seed = operator("browser-operator");
    String victim =
        server.post("/v1/users", Map.of("username", "browser-victim", "password", GOOD)).text("id");
    String token =
        server
            .post("/v1/auth/login", Map.of("username", "browser-victim", "password", GOOD))
            .text("token");
    for (int i = 1; i <= 5; i++) {
      tamper(token, i);
    }
    server.post(
        "/v1/reports",
        Map.of("category", "signed_out", "message", "Signed out in the middle of a form"));

    try (Browser b = Browser.open("admin")) {
      b.go(origin + "/login?return_to=%2Fadmin");
      b.type("#username", "browser-operator");
      b.type("#password", GOOD);
      b.submit("#sign-in");
      b.type("#code", Totp.code(seed, Totp.step(CLOCK.instant())));
      b.submit("#verify");

      assertThat(b.path()).isEqualTo("/admin");
      assertThat(b.find("h1").getText()).isEqualTo("Operator dashboard");
      eventually(() -> b.find("#chart").getAttribute("data-drawn"), "5");
      assertThat(b.all("#chart canvas")).isNotEmpty();
      assertThat(b.find("#chart").getText())
          .as("uPlot's legend names the series")
          .contains("TAMPERED");
      assertThat(b.find("#reasons").getText()).contains("TAMPERED 5");
      assertThat(b.find("#invalid-total").getText()).isEqualTo("5");
      assertThat(b.find("#open-reports").getText()).contains("Signed out in the middle of a form");
      b.check("dashboard");

      tamper(token, 6);
      tamper(token, 7);
      b.find("#pause").click(); // pause
      assertThat(b.find("#pause").getAttribute("aria-pressed")).isEqualTo("true");
      b.find("#pause").click(); // resume: fetches at once
      eventually(() -> b.find("#invalid-total").getText(), "7");
      eventually(() -> b.find("#chart").getAttribute("data-drawn"), "7");
      assertThat(b.find("#reasons").getText()).contains("TAMPERED 7");
      assertThat(b.find("#refresh-status").getText()).startsWith("Updated");

      b.submit("#incidents tbody tr:first-child a");
      assertThat(b.path()).startsWith("/admin/incidents/inc_");
      assertThat(b.find("h1").getText()).isEqualTo("Incident: TAMPERED");
      assertThat(b.find("#cause").getText()).contains("failed the integrity check");
      assertThat(b.find("#reason").getText()).isEqualTo("TAMPERED");
      b.check("incident");

      b.go(origin + "/admin/people?q=browser-v");
      assertThat(b.find("#accounts").getText()).contains("browser-victim");
      b.check("people");
      b.submit("#accounts a");
      assertThat(b.find("h1").getText()).isEqualTo("browser-victim");
      assertThat(b.all("#subject-sessions tbody tr")).hasSize(1);
      b.check("subject");
      b.submit("#end-all");
      assertThat(b.find("#notice").getText()).isEqualTo("One session was ended.");
      assertThat(b.find("#no-sessions").getText()).isEqualTo("No live session.");
      b.check("subject-ended");

      b.go(origin + "/admin/audit?subject=" + victim);
      assertThat(b.find("#events").getText()).contains("session.revoked", "ADMIN");
      b.submit("#check-chain");
      assertThat(b.find("#chain-state").getText()).startsWith("Intact");
      b.check("audit");

      b.go(origin + "/admin/reports");
      assertThat(b.find("#reports").getText()).contains("Signed out in the middle of a form");
      b.check("reports");
    }
    assertThat(server.verify(token).text("reason")).isEqualTo("REVOKED");
  }

  /** A new account with the role admin and TOTP; returns the TOTP seed. */
  private static byte[] operator(String username) {
    String id = server.post("/v1/users", Map.of("username", username, "password", GOOD)).text("id");
    server.post("/v1/users/" + id + "/roles", Map.of("roles", List.of("admin")));
    byte[] seed =
        Base32.decode(
            server.post("/v1/users/" + id + "/totp", Map.of("password", GOOD)).text("secret"));
    server.post(
        "/v1/users/" + id + "/totp/confirm",
        Map.of("code", Totp.code(seed, Totp.step(CLOCK.instant()))));
    CLOCK.advance(Duration.ofSeconds(30));
    return seed;
  }

  /** Verifies {@code token} with one character of its MAC changed: TAMPERED. */
  private static void tamper(String token, int n) {
    int i = token.length() - 10 - n;
    String altered =
        token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);
    assertThat(
            server
                .post(
                    "/v1/sessions/verify",
                    Map.of("token", altered, "client", Map.of("ip", "198.51.100.23")))
                .text("reason"))
        .isEqualTo("TAMPERED");
  }

  /** Waits (at most 10 s) until {@code value} gives {@code expected}. */
  private static void eventually(Supplier<String> value, String expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = value.get();
      } catch (RuntimeException stale) {
        last = String.valueOf(stale.getMessage());
      }
      if (expected.equals(last)) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("expected " + expected + " within 10 s, last saw " + last);
  }
}
