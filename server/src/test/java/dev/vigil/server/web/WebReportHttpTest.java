package dev.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.server.TestServer;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Report a problem" over plain HTTP: pre-filled with an incident, filed through the API's reports
 * with the incident's subject and session, confirmed with the id; forged posts are refused and bad
 * input is a 4xx page.
 */
class WebReportHttpTest {
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(Map.of());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static WebClient client() {
    return WebClient.of(server);
  }

  /** An incident of a revoked session of {@code subject}: {@code [incident, session id]}. */
  private static String[] incident(String subject) {
    String token = server.createToken(subject);
    server.post("/v1/sessions/revoke", Map.of("token", token));
    JsonNode verdict = server.verify(token).json();
    return new String[] {verdict.path("incident").asText(), verdict.path("session_id").asText()};
  }

  @Test
  void reportFromAnErrorPage_isPrefilled_filedWithTheIncidentsSession_andConfirmedWithItsId() {
    String[] inc = incident("report-subject");
    WebClient c = client();
    HttpResponse<String> page = c.get("/report?incident=" + inc[0]);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("value=\"" + inc[0] + "\"")
        .containsPattern("value=\"signed_out\"\\s+checked");
    HttpResponse<String> filed =
        c.post(
            "/report",
            Map.of(
                "csrf",
                c.csrf(),
                "category",
                "signed_out",
                "incident",
                inc[0],
                "message",
                "I was in the middle of paying & got signed out <again>."));
    assertThat(filed.statusCode()).isEqualTo(200);
    String id = filed.body().replaceAll("(?s).*id=\"report-id\">(rpt_[^<]+)<.*", "$1");
    assertThat(id).startsWith("rpt_");
    JsonNode report = server.get("/v1/reports").json().path("reports").get(0);
    assertThat(report.path("id").asText()).isEqualTo(id);
    assertThat(report.path("incident").asText()).isEqualTo(inc[0]);
    assertThat(report.path("subject").asText()).isEqualTo("report-subject");
    assertThat(report.path("session_id").asText()).isEqualTo(inc[1]);
    assertThat(report.path("message").asText())
        .isEqualTo("I was in the middle of paying & got signed out <again>.");
  }

  @Test
  void reportForm_refusesForgedPosts_andBadInput_with4xxPages() {
    WebClient c = client();
    assertThat(c.get("/report?incident=nonsense&category=%00").statusCode()).isEqualTo(200);
    String token = c.csrf();
    Map<String, String> good =
        Map.of("csrf", token, "category", "other", "message", "Something odd.");
    int before = server.get("/v1/reports").json().path("reports").size();
    assertThat(c.post("/report", good, Optional.of("https://evil.example")).statusCode())
        .isEqualTo(403);
    assertThat(c.post("/report", good, Optional.empty()).statusCode()).isEqualTo(403);
    assertThat(c.post("/report", with(good, "csrf", token + "x")).statusCode()).isEqualTo(403);

    HttpResponse<String> category = c.post("/report", with(good, "category", "drop_tables"));
    assertThat(category.statusCode()).isEqualTo(400);
    assertThat(category.body()).contains("Choose what happened.");
    HttpResponse<String> blank = c.post("/report", with(good, "message", "   "));
    assertThat(blank.statusCode()).isEqualTo(400);
    assertThat(blank.body()).contains("Write what happened.");
    HttpResponse<String> incident = c.post("/report", with(good, "incident", "inc_<script>"));
    assertThat(incident.statusCode()).isEqualTo(400);
    assertThat(incident.body())
        .contains("This is not an incident number")
        .doesNotContain("<script>");
    HttpResponse<String> long_ = c.post("/report", with(good, "message", "x".repeat(5000)));
    assertThat(long_.statusCode()).isEqualTo(400);
    assertThat(long_.body()).contains("longer than 4000 characters");
    assertThat(c.post("/report", Map.of("csrf", token)).statusCode()).isEqualTo(400);
    assertThat(server.get("/v1/reports").json().path("reports").size())
        .as("nothing was filed")
        .isEqualTo(before);
  }

  @Test
  void notMeLink_invalidOrMissing_isA400PageInThePagesLook_withoutReferrer() {
    WebClient c = client();
    for (String q : new String[] {"?t=not-a-link", "", "?t=" + "x".repeat(600)}) {
      HttpResponse<String> r = c.get("/notice/not-me" + q);
      assertThat(r.statusCode()).as(q).isEqualTo(400);
      assertThat(r.body()).contains("This link is not valid.", "href=\"/assets/vigil.css\"");
      assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
      assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
          .contains("default-src 'none'");
    }
    HttpResponse<String> json = c.post("/notice/not-me", Map.of("t", "x"), Optional.of(c.origin()));
    assertThat(json.statusCode()).isEqualTo(400);
  }

  @Test
  void docs_servesSwaggerUiFromVigil_withTheStrictPolicy_andNoInlineScript() {
    WebClient c = client();
    HttpResponse<String> page = c.get("/docs");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'", "style-src 'self'", "connect-src 'self'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
    assertThat(page.body())
        .contains("id=\"swagger-ui\"", "src=\"/docs/files/swagger-ui-bundle.js\"")
        .doesNotContainPattern("<script>|<script(?![^>]*\\ssrc=)[^>]*>")
        .doesNotContain("https://", "http://");
    for (String f : new String[] {"swagger-ui-bundle.js", "docs.js"}) {
      HttpResponse<String> r = c.get("/docs/files/" + f);
      assertThat(r.statusCode()).as(f).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
    assertThat(c.get("/docs/files/swagger-ui.css").headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/css");
    JsonNode doc = server.get("/openapi.json").json(); // the API's own copy, to compare paths with
    HttpResponse<String> served = c.get("/docs/files/openapi.json");
    assertThat(served.body()).doesNotContain("\"servers\"", "127.0.0.1:8080");
    assertThat(served.body()).contains(doc.path("paths").fieldNames().next());
    for (String bad : new String[] {"index.html", "..%2Fopenapi.json", "swagger-initializer.js"}) {
      assertThat(c.get("/docs/files/" + bad).statusCode()).as(bad).isEqualTo(404);
    }
  }

  private static Map<String, String> with(Map<String, String> form, String key, String value) {
    Map<String, String> copy = new HashMap<>(form);
    copy.put(key, value);
    return copy;
  }
}
