package dev.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.account.Base32;
import dev.vigil.account.Totp;
import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.TestServer;
import dev.vigil.testkit.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator dashboard over plain HTTP: who may open it (role {@code admin}, AAL 2, an
 * authentication within the hour), what it shows (refusals per reason, incidents with their root
 * cause, people and their sessions, the audit log, reports), and its actions (ending sessions after
 * a fresh authentication, moving reports, checking the chain), each refusing forged posts and bad
 * input with a 4xx page. The clock is moved, never slept on.
 */
class WebAdminHttpTest {
  private static final String GOOD = "violet kettle marching sideways 81";
  private static final Pattern CHALLENGE = Pattern.compile("name=\"challenge\" value=\"([^\"]*)\"");
  private static final Pattern INCIDENT = Pattern.compile("/admin/incidents/(inc_[A-Za-z0-9_-]+)");
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

  /** An operator: an account with the role admin and TOTP, signed in with both factors. */
  private record Operator(WebClient web, String id, byte[] seed) {}

  private static Operator operator(String username) {
    String id = account(username, List.of("admin"));
    byte[] seed =
        Base32.decode(
            server.post("/v1/users/" + id + "/totp", Map.of("password", GOOD)).text("secret"));
    assertThat(
            server.post("/v1/users/" + id + "/totp/confirm", Map.of("code", code(seed))).status())
        .isEqualTo(200);
    CLOCK.advance(Duration.ofSeconds(30));
    WebClient c = WebClient.of(server);
    signInWithCode(c, username, seed);
    return new Operator(c, id, seed);
  }

  private static void signInWithCode(WebClient c, String username, byte[] seed) {
    HttpResponse<String> first = c.signIn(username, GOOD);
    assertThat(first.statusCode()).isEqualTo(200);
    Matcher m = CHALLENGE.matcher(first.body());
    assertThat(m.find()).isTrue();
    HttpResponse<String> done =
        c.post(
            "/login/code",
            Map.of("csrf", c.csrf(), "challenge", m.group(1), "code", code(seed), "return_to", ""));
    assertThat(done.statusCode()).isEqualTo(303);
    CLOCK.advance(Duration.ofSeconds(30));
  }

  private static String account(String username, List<String> roles) {
    String id = server.post("/v1/users", Map.of("username", username, "password", GOOD)).text("id");
    if (!roles.isEmpty()) {
      assertThat(server.post("/v1/users/" + id + "/roles", Map.of("roles", roles)).status())
          .isEqualTo(200);
    }
    return id;
  }

  private static String code(byte[] seed) {
    return Totp.code(seed, Totp.step(CLOCK.instant()));
  }

  private static Reply verify(String token, String ip) {
    return server.post("/v1/sessions/verify", Map.of("token", token, "client", Map.of("ip", ip)));
  }

  /** {@code token} with one character of its MAC changed: still well-formed, so TAMPERED. */
  private static String altered(String token, int n) {
    int i = token.length() - 10 - n;
    return token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);
  }

  @Test
  void withoutTheAdminRole_theDashboardIs403_andTheRefusalIsAudited() {
    String id = account("not-an-operator", List.of());
    WebClient c = WebClient.signedIn(server, "not-an-operator-2", GOOD);
    for (String path :
        List.of(
            "/admin", "/admin/people", "/admin/audit", "/admin/reports", "/admin/subject?id=x")) {
      HttpResponse<String> r = c.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(403);
      assertThat(r.body()).contains("does not have the admin role");
    }
    assertThat(c.get("/admin/live").statusCode()).isEqualTo(403);
    c.get("/account/sessions");
    HttpResponse<String> end =
        c.post("/admin/subject/end", Map.of("csrf", c.csrf(), "subject", id, "session", "all"));
    assertThat(end.statusCode()).isEqualTo(403);
    Reply events = server.get("/v1/events?type=session.verify_failed&reason=FORBIDDEN&limit=50");
    assertThat(events.json().path("events").toString()).contains("role admin");
  }

  @Test
  void anAdminWithoutASecondFactor_isToldToSetOneUp() {
    account("admin-no-totp", List.of("admin"));
    WebClient c = WebClient.of(server);
    assertThat(c.signIn("admin-no-totp", GOOD).statusCode()).isEqualTo(303);
    HttpResponse<String> r = c.get("/admin");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("needs a sign-in with a second factor");
  }

  @Test
  void signedOut_isSentToSignIn_andBack() {
    HttpResponse<String> r = WebClient.of(server).get("/admin?window=PT24H");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location"))
        .hasValue("/login?return_to=%2Fadmin%3Fwindow%3DPT24H");
    assertThat(WebClient.of(server).get("/admin/live").statusCode()).isEqualTo(403);
  }

  @Test
  void overview_countsTamperedTokens_andTheIncidentNamesItsCause() {
    Operator op = operator("operator-overview");
    String token = server.createToken("victim-overview");
    for (int i = 1; i <= 3; i++) {
      assertThat(verify(altered(token, i), "192.0.2.77").text("reason")).isEqualTo("TAMPERED");
    }
    HttpResponse<String> page = op.web().get("/admin");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .doesNotContain("unsafe-inline");
    assertThat(page.body())
        .contains("<td>TAMPERED</td><td class=\"num\">3</td>")
        .contains("192.0.2.77")
        .contains("data-chart=")
        .contains("/assets/uPlot.iife.min.js");

    HttpResponse<String> live = op.web().get("/admin/live?window=P7D");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).contains("<td>TAMPERED</td><td class=\"num\">3</td>");
    assertThat(live.body()).doesNotContain("<html");

    Matcher m = INCIDENT.matcher(page.body());
    assertThat(m.find()).as("an incident is linked").isTrue();
    HttpResponse<String> incident = op.web().get("/admin/incidents/" + m.group(1));
    assertThat(incident.statusCode()).isEqualTo(200);
    assertThat(incident.body())
        .contains("Incident: TAMPERED")
        .contains("failed the integrity check")
        .contains("192.0.2.77");

    assertThat(op.web().get("/admin/incidents/inc_nope").statusCode()).isEqualTo(404);
    assertThat(op.web().get("/admin/incidents/" + "x".repeat(3000)).statusCode()).isEqualTo(404);
    for (String asset : List.of("uPlot.iife.min.js", "uPlot.min.css", "admin.js")) {
      assertThat(op.web().get("/assets/" + asset).statusCode()).as(asset).isEqualTo(200);
    }
  }

  @Test
  void afterAnHour_theDashboardAsksToStepUp_andItsScriptIsToldToStop() {
    Operator op = operator("operator-hour");
    for (int i = 0; i < 3; i++) {
      assertThat(op.web().get("/admin").statusCode()).as("active, within the hour").isEqualTo(200);
      CLOCK.advance(Duration.ofMinutes(20));
    }
    CLOCK.advance(Duration.ofMinutes(1));
    HttpResponse<String> stale = op.web().get("/admin");
    assertThat(stale.statusCode()).isEqualTo(303);
    assertThat(stale.headers().firstValue("Location"))
        .hasValue("/reauth?return_to=%2Fadmin%3Fwindow%3DPT1H");
    HttpResponse<String> live = op.web().get("/admin/live");
    assertThat(live.statusCode()).isEqualTo(403);
    assertThat(live.body()).contains("stopped updating");

    op.web().get("/reauth");
    HttpResponse<String> again =
        op.web()
            .post(
                "/reauth",
                Map.of(
                    "csrf",
                    op.web().csrf(),
                    "password",
                    GOOD,
                    "code",
                    code(op.seed()),
                    "return_to",
                    "/admin"));
    assertThat(again.statusCode()).isEqualTo(303);
    assertThat(op.web().get("/admin").statusCode()).isEqualTo(200);
  }

  @Test
  void endingSessions_needsAFreshAuthentication_thenEndsThemWithCauseAdmin() {
    Operator op = operator("operator-ends");
    String id = account("person-ended", List.of());
    String phone =
        server
            .post("/v1/auth/login", Map.of("username", "person-ended", "password", GOOD))
            .text("token");
    String laptop =
        server
            .post("/v1/auth/login", Map.of("username", "person-ended", "password", GOOD))
            .text("token");
    String phoneId = verify(phone, "192.0.2.1").json().path("session").path("id").asText();

    HttpResponse<String> page = op.web().get("/admin/subject?id=" + id);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("person-ended").contains("Live sessions (2)");
    CLOCK.advance(Duration.ofMinutes(6));
    Map<String, String> one = Map.of("csrf", op.web().csrf(), "subject", id, "session", phoneId);
    HttpResponse<String> stale = op.web().post("/admin/subject/end", one);
    assertThat(stale.statusCode()).isEqualTo(303);
    assertThat(stale.headers().firstValue("Location").orElseThrow()).startsWith("/reauth?");
    assertThat(server.verify(phone).json().path("valid").asBoolean()).isTrue();

    op.web().get("/reauth");
    op.web()
        .post(
            "/reauth", Map.of("csrf", op.web().csrf(), "password", GOOD, "code", code(op.seed())));
    op.web().get("/admin/subject?id=" + id);
    Map<String, String> fresh = Map.of("csrf", op.web().csrf(), "subject", id, "session", phoneId);
    HttpResponse<String> ended = op.web().post("/admin/subject/end", fresh);
    assertThat(ended.statusCode()).isEqualTo(303);
    assertThat(ended.headers().firstValue("Location"))
        .hasValue("/admin/subject?id=" + id + "&ended=1");
    assertThat(server.verify(phone).text("reason")).isEqualTo("REVOKED");
    assertThat(server.verify(laptop).json().path("valid").asBoolean()).isTrue();

    op.web().get("/admin/subject?id=" + id);
    HttpResponse<String> all =
        op.web()
            .post(
                "/admin/subject/end",
                Map.of("csrf", op.web().csrf(), "subject", id, "session", "all"));
    assertThat(all.headers().firstValue("Location"))
        .hasValue("/admin/subject?id=" + id + "&ended=1");
    assertThat(server.verify(laptop).text("reason")).isEqualTo("REVOKED");
    Reply revoked = server.get("/v1/events?type=session.revoked&subject=" + id + "&limit=10");
    assertThat(revoked.json().path("events").findValuesAsText("reason"))
        .containsOnly("ADMIN")
        .hasSize(2);
    assertThat(op.web().get("/admin/subject?id=" + id + "&ended=2").body())
        .contains("2 sessions were ended.")
        .contains("No live session.");
  }

  @Test
  void endForm_refusesForgedPosts_othersSessions_andTheOperatorsOwn() {
    Operator op = operator("operator-forged");
    String id = account("person-forged", List.of());
    String token =
        server
            .post("/v1/auth/login", Map.of("username", "person-forged", "password", GOOD))
            .text("token");
    String sessionId = verify(token, "192.0.2.2").json().path("session").path("id").asText();
    op.web().get("/admin/subject?id=" + id);
    String csrf = op.web().csrf();
    Map<String, String> form = Map.of("csrf", csrf, "subject", id, "session", sessionId);
    assertThat(
            op.web()
                .post("/admin/subject/end", form, Optional.of("https://evil.example"))
                .statusCode())
        .isEqualTo(403);
    assertThat(op.web().post("/admin/subject/end", form, Optional.empty()).statusCode())
        .isEqualTo(403);
    assertThat(
            op.web()
                .post("/admin/subject/end", Map.of("csrf", csrf + "x", "subject", id))
                .statusCode())
        .isEqualTo(403);
    assertThat(
            op.web()
                .post(
                    "/admin/subject/end",
                    Map.of("csrf", csrf, "subject", "someone-else", "session", sessionId))
                .statusCode())
        .as("a session of another subject")
        .isEqualTo(404);
    assertThat(
            op.web()
                .post(
                    "/admin/subject/end",
                    Map.of("csrf", csrf, "subject", " bad ", "session", sessionId))
                .statusCode())
        .isEqualTo(400);
    assertThat(
            op.web()
                .post("/admin/subject/end", Map.of("csrf", csrf, "subject", id, "session", "x"))
                .statusCode())
        .isEqualTo(404);
    assertThat(server.verify(token).json().path("valid").asBoolean()).isTrue();

    HttpResponse<String> own =
        op.web()
            .post("/admin/subject/end", Map.of("csrf", csrf, "subject", op.id(), "session", "all"));
    assertThat(own.statusCode()).isEqualTo(303);
    assertThat(op.web().get("/admin").statusCode())
        .as("ending every session of one's own subject keeps one's own")
        .isEqualTo(200);
  }

  @Test
  void people_searchFindsUsernamesByPrefix_idsExactly_andOffersTheSubject() {
    Operator op = operator("operator-people");
    String id = account("Search-Person-1", List.of());
    account("search-person-2", List.of());
    account("other-person", List.of());
    HttpResponse<String> byPrefix = op.web().get("/admin/people?q=SEARCH-per");
    assertThat(byPrefix.statusCode()).isEqualTo(200);
    assertThat(byPrefix.body())
        .contains("Search-Person-1", "search-person-2")
        .doesNotContain("other-person");
    assertThat(op.web().get("/admin/people?q=" + id).body()).contains("Search-Person-1");
    assertThat(op.web().get("/admin/people?q=app-subject-42").body())
        .contains("No account matches.")
        .contains("/admin/subject?id=app-subject-42");
    server.createToken("app-subject-42");
    assertThat(op.web().get("/admin/subject?id=app-subject-42").body())
        .contains("is not a Vigil account")
        .contains("Live sessions (1)");
    assertThat(op.web().get("/admin/people?q=" + "%25".repeat(300)).statusCode()).isEqualTo(200);
    assertThat(op.web().get("/admin/people?q=" + "a".repeat(300)).body())
        .contains("at most 256 characters");
    assertThat(op.web().get("/admin/subject?id=").statusCode()).isEqualTo(400);
    assertThat(op.web().get("/admin/subject").statusCode()).isEqualTo(400);
  }

  @Test
  void audit_filtersTheLog_refusesBadFiltersWith400_andChecksTheChain() {
    Operator op = operator("operator-audit");
    String id = account("audited-person", List.of());
    server.post("/v1/auth/login", Map.of("username", "audited-person", "password", GOOD));
    HttpResponse<String> found = op.web().get("/admin/audit?subject=" + id + "&type=auth.login");
    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(found.body())
        .contains("<span class=\"mono\">auth.login</span>")
        .doesNotContain("<span class=\"mono\">user.created</span>");
    assertThat(op.web().get("/admin/audit?subject=" + id).body())
        .contains("<span class=\"mono\">user.created</span>");
    assertThat(
            op.web()
                .get("/admin/audit?since=2999-01-01T00:00&until=%2B999999999-12-31T23:59")
                .body())
        .contains("No event matches.");

    for (String bad :
        List.of(
            "type=nope",
            "session=ses_%00",
            "since=yesterday",
            "until=2026-13-45T99:99",
            "reason=" + "A".repeat(50),
            "cursor=-1",
            "subject=x%01y")) {
      HttpResponse<String> r = op.web().get("/admin/audit?" + bad);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.body()).as(bad).contains("id=\"error\"");
    }

    HttpResponse<String> page = op.web().get("/admin/audit");
    assertThat(page.body()).contains("Not checked yet on this node");
    HttpResponse<String> checked =
        op.web().post("/admin/audit/verify", Map.of("csrf", op.web().csrf()));
    assertThat(checked.statusCode()).isEqualTo(303);
    assertThat(op.web().get("/admin/audit").body()).contains("Intact: every link of");
    assertThat(op.web().get("/admin").body()).contains("Intact: every link of");
    assertThat(
            op.web()
                .post("/admin/audit/verify", Map.of("csrf", "x"), Optional.of(op.web().origin()))
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void reports_queueShowsOpenReports_andAnOperatorMovesThem() {
    Operator op = operator("operator-reports");
    String rid =
        server
            .post(
                "/v1/reports",
                Map.of("category", "signed_out", "message", "I was signed out while paying"))
            .text("id");
    assertThat(op.web().get("/admin").body()).contains("I was signed out while paying");
    HttpResponse<String> queue = op.web().get("/admin/reports?status=open");
    assertThat(queue.body()).contains(rid);
    HttpResponse<String> moved =
        op.web()
            .post(
                "/admin/reports/" + rid + "/status",
                Map.of("csrf", op.web().csrf(), "status", "resolved"));
    assertThat(moved.statusCode()).isEqualTo(303);
    assertThat(op.web().get("/admin/reports?status=open").body()).doesNotContain(rid);
    assertThat(op.web().get("/admin/reports?status=resolved").body()).contains(rid);
    assertThat(server.get("/v1/reports?status=resolved").json().toString()).contains(rid);
    assertThat(
            server
                .get("/v1/events?type=report.status_changed")
                .json()
                .path("events")
                .get(0)
                .path("detail")
                .path("by")
                .asText())
        .startsWith("admin:");
    assertThat(op.web().get("/admin").body()).doesNotContain("I was signed out while paying");

    String csrf = op.web().csrf();
    assertThat(
            op.web()
                .post("/admin/reports/" + rid + "/status", Map.of("csrf", csrf, "status", "gone"))
                .statusCode())
        .isEqualTo(400);
    assertThat(
            op.web()
                .post("/admin/reports/rpt_nope/status", Map.of("csrf", csrf, "status", "open"))
                .statusCode())
        .isEqualTo(404);
    assertThat(op.web().get("/admin/reports?status=%00").statusCode()).isEqualTo(200);
  }
}
