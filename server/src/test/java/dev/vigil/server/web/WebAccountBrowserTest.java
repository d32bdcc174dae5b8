package dev.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.account.Base32;
import dev.vigil.account.Totp;
import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.testkit.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The account pages of the second slice in a real browser (headless Chromium): step-up before a
 * sensitive action and for an application that asked for it. Every page visited passes axe-core and
 * is photographed at a phone's and a desktop's width. The server's clock is moved, never slept on.
 */
class WebAccountBrowserTest {
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
  void endOthers_afterFiveMinutes_stepUpRequired_thenCompleted_returnsToTheAction()
      throws Exception {
    server.post("/v1/users", Map.of("username", "stepup-person", "password", GOOD));
    String other = login("stepup-person");
    try (Browser b = Browser.open("stepup")) {
      signIn(b, "/login", "stepup-person");
      CLOCK.advance(Duration.ofMinutes(6));
      b.go(origin + "/account/sessions");
      b.submit("#end-others");
      assertThat(b.path()).isEqualTo("/reauth?return_to=%2Faccount%2Fsessions%2Fend-others");
      assertThat(b.find("h1").getText()).isEqualTo("Confirm it is you");
      b.check("reauth");
      b.type("#password", "not the password");
      b.submit("#confirm");
      assertThat(b.find("#error").getText()).isEqualTo("The password or code is not right.");
      b.check("reauth-wrong");
      assertThat(server.verify(other).json().path("valid").asBoolean()).isTrue();
      b.type("#password", GOOD);
      b.submit("#confirm");

      assertThat(b.path()).as("back to the action").isEqualTo("/account/sessions/end-others");
      b.check("confirm-end-others");
      b.submit("#end-others");
      assertThat(b.path()).isEqualTo("/account/sessions?ended=1");
      assertThat(b.find("#notice").getText()).isEqualTo("One other session was ended.");
    }
    assertThat(server.verify(other).text("reason")).isEqualTo("REVOKED");
  }

  @Test
  void applicationAskedForStepUp_reauthReturnsThere_andVerifySatisfied() throws Exception {
    server.post("/v1/users", Map.of("username", "app-person", "password", GOOD));
    try (Browser b = Browser.open("app-stepup")) {
      signIn(b, "/login", "app-person");
      CLOCK.advance(Duration.ofMinutes(10));
      b.go(origin + "/account/sessions");
      String token = b.driver().manage().getCookieNamed("vigil-session").getValue();
      Map<String, Object> fresh = Map.of("token", token, "require", Map.of("max_auth_age", "PT5M"));
      assertThat(server.post("/v1/sessions/verify", fresh).text("reason"))
          .isEqualTo("STEP_UP_REQUIRED");

      b.go(origin + "/reauth?return_to=%2Fapp%2Fpay%3Fstep%3D2");
      b.type("#password", GOOD);
      b.submit("#confirm");
      assertThat(b.path()).isEqualTo("/app/pay?step=2");
      String renewed = b.driver().manage().getCookieNamed("vigil-session").getValue();
      var verdict =
          server.post(
              "/v1/sessions/verify",
              Map.of("token", renewed, "require", Map.of("max_auth_age", "PT5M")));
      assertThat(verdict.json().path("valid").asBoolean()).isTrue();
    }
  }

  @Test
  void changePassword_thenTheOtherSessionAnswersRevoked() throws Exception {
    server.post("/v1/users", Map.of("username", "password-person", "password", GOOD));
    String other = login("password-person");
    String next = "quiet lanterns over sleeping harbours 7";
    try (Browser b = Browser.open("password")) {
      signIn(b, "/login", "password-person");
      b.go(origin + "/account/security");
      b.check("security");
      b.submit("#change-password");
      assertThat(b.path()).isEqualTo("/account/password");
      b.check("password");
      b.type("#current_password", GOOD);
      b.type("#new_password", "vigil");
      b.type("#new_password_again", "vigil");
      b.submit("#change");
      assertThat(b.find("#error").getText()).startsWith("Vigil cannot accept this password:");
      b.check("password-refused");
      b.type("#current_password", GOOD);
      b.type("#new_password", next);
      b.type("#new_password_again", next);
      b.submit("#change");
      assertThat(b.path()).isEqualTo("/account/security?changed=password&ended=1");
      assertThat(b.find("#notice").getText())
          .isEqualTo("Your password was changed, and one other session was ended.");
      assertThat(b.find("#events").getText()).contains("Password changed");
      b.check("password-changed");
    }
    var verdict = server.verify(other);
    assertThat(verdict.text("reason")).isEqualTo("REVOKED");
    assertThat(verdict.json().path("revocation").path("cause").asText())
        .isEqualTo("PASSWORD_CHANGED");
  }

  @Test
  void enrolTotpByScanning_showsRecoveryCodesOnce_thenSignInAsksForTheCode() throws Exception {
    server.post("/v1/users", Map.of("username", "scan-person", "password", GOOD));
    try (Browser b = Browser.open("enrol")) {
      signIn(b, "/login", "scan-person");
      b.go(origin + "/account/security");
      assertThat(b.find("#totp-state").getText()).startsWith("No authenticator app");
      b.submit("#add-totp");
      assertThat(b.path()).isEqualTo("/account/totp");
      assertThat(b.find("#qr").getAttribute("src")).startsWith("data:image/svg+xml;base64,");
      b.check("totp-offer");
      byte[] seed = Base32.decode(b.find("#secret").getText().replace(" ", ""));
      b.type("#code", "000000".equals(code(seed)) ? "111111" : "000000");
      b.submit("#confirm-totp");
      assertThat(b.find("#error").getText()).startsWith("The code is not right.");
      b.check("totp-wrong");
      b.type("#code", code(seed));
      b.submit("#confirm-totp");
      assertThat(b.all("#recovery-codes li")).hasSize(10);
      b.check("recovery-codes");
      b.submit("#done");
      assertThat(b.find("#totp-state").getText()).startsWith("An authenticator app is set up");
      assertThat(b.find("#events").getText()).contains("Authenticator app set up");

      CLOCK.advance(Duration.ofSeconds(30));
      b.go(origin + "/account/sessions");
      b.submit("form.inline button");
      signIn(b, "/login", "scan-person");
      assertThat(b.find("h1").getText()).isEqualTo("Enter your authentication code");
      b.type("#code", code(seed));
      b.submit("#verify");
      assertThat(b.path()).isEqualTo("/account/sessions");
      String token = b.driver().manage().getCookieNamed("vigil-session").getValue();
      assertThat(server.verify(token).json().path("session").path("aal").asInt()).isEqualTo(2);

      b.go(origin + "/account/security");
      b.submit("#remove-totp");
      assertThat(b.path()).isEqualTo("/account/totp/remove");
      b.check("totp-remove");
      b.submit("#remove-totp");
      assertThat(b.find("#notice").getText()).isEqualTo("Your authenticator app was removed.");
    }
  }

  @Test
  void reportAProblem_fromAnErrorPagesIncident_showsTheReportsId() throws Exception {
    String token = server.createToken("reporting-person");
    server.post("/v1/sessions/revoke", Map.of("token", token));
    String incident = server.verify(token).text("incident");
    try (Browser b = Browser.open("report")) {
      b.go(origin + "/report?incident=" + incident);
      assertThat(b.find("#incident").getAttribute("value")).isEqualTo(incident);
      assertThat(b.find("#category-signed_out").isSelected()).isTrue();
      b.check("report");
      b.find("#category-other").click();
      b.type("#message", "");
      b.submit("#send-report");
      assertThat(b.find("#error").getText()).isEqualTo("Write what happened.");
      b.check("report-refused");
      b.type("#message", "The shop signed me out while I was paying.");
      b.submit("#send-report");
      String id = b.find("#report-id").getText();
      assertThat(id).startsWith("rpt_");
      b.check("reported");
      var report = server.get("/v1/reports").json().path("reports").get(0);
      assertThat(report.path("id").asText()).isEqualTo(id);
      assertThat(report.path("category").asText()).isEqualTo("other");
      assertThat(report.path("incident").asText()).isEqualTo(incident);
      b.go(origin + "/notice/not-me?t=an-old-link");
      assertThat(b.find("#done").getText()).startsWith("This link is not valid.");
      b.check("not-me-invalid");
    }
  }

  @Test
  void signInPageAfterAnEndedSession_linksToReport_withItsIncident() throws Exception {
    server.post("/v1/users", Map.of("username", "ended-person", "password", GOOD));
    String session;
    try (Browser b = Browser.open("report-incident")) {
      signIn(b, "/login", "ended-person");
      String token = b.driver().manage().getCookieNamed("vigil-session").getValue();
      session = server.verify(token).json().path("session").path("id").asText();
      server.post("/v1/sessions/revoke", Map.of("token", token));
      // as when an application sends the person to sign in with the ended cookie still set
      b.go(origin + "/login");
      assertThat(b.find("#notice").getText()).startsWith("You signed out of this session.");
      b.check("login-ended");
      b.submit("#report-incident");
      assertThat(b.path()).startsWith("/report?incident=inc_");
      assertThat(b.find("#incident").getAttribute("value")).startsWith("inc_");
      b.type("#message", "I did not sign out.");
      b.submit("#send-report");
      assertThat(b.find("#report-id").getText()).startsWith("rpt_");
    }
    var report = server.get("/v1/reports").json().path("reports").get(0);
    assertThat(report.path("session_id").asText())
        .as("the incident named the ended session")
        .isEqualTo(session);
  }

  @Test
  void docs_rendersSwaggerUi_withoutAnyContentSecurityPolicyViolation() throws Exception {
    try (Browser b = Browser.open("docs")) {
      b.driver()
          .executeCdpCommand(
              "Page.addScriptToEvaluateOnNewDocument",
              Map.of(
                  "source",
                  "window.__csp = [];document.addEventListener('securitypolicyviolation',"
                      + " function (e) { window.__csp.push(e.violatedDirective + ' '"
                      + " + e.blockedURI); });"));
      b.go(origin + "/docs");
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (b.all("#swagger-ui .opblock").isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50); // polling the browser while Swagger UI renders
      }
      assertThat(b.all("#swagger-ui .swagger-ui")).as("Swagger UI rendered").isNotEmpty();
      assertThat(b.all("#swagger-ui .opblock").size())
          .as("the operations of the document")
          .isGreaterThan(20);
      assertThat(b.find("#swagger-ui").getText()).contains("/v1/sessions/verify");
      assertThat(b.driver().executeScript("return window.__csp.join('\\n')"))
          .as("CSP violations")
          .isEqualTo("");
      b.check("docs");
    }
  }

  private static String code(byte[] seed) {
    return Totp.code(seed, Totp.step(CLOCK.instant()));
  }

  private static String login(String username) {
    return server
        .post("/v1/auth/login", Map.of("username", username, "password", GOOD))
        .text("token");
  }

  private static void signIn(Browser b, String loginPath, String username) {
    b.go(origin + loginPath);
    b.type("#username", username);
    b.type("#password", GOOD);
    b.submit("#sign-in");
  }
}
