package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.TestServer;
import dev.vigil.testkit.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/events} filters and paging, {@code GET /v1/incidents/{id}}. */
class AuditApiTest {
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
  void events_recordCreateRevokeAndFailures_filteredBySubjectAndType() {
    String token = server.createToken("audited");
    server.post("/v1/sessions/revoke", Map.of("token", token));
    server.verify(token);

    JsonNode events = server.get("/v1/events?subject=audited").json().path("events");
    List<String> types = new ArrayList<>();
    events.forEach(e -> types.add(e.path("type").asText()));
    assertThat(types)
        .containsExactly("session.verify_failed", "session.revoked", "session.created");
    assertThat(events.get(0).path("reason").asText()).isEqualTo("REVOKED");
    assertThat(events.get(0).path("incident").asText()).startsWith("inc_");
    assertThat(events.get(1).path("reason").asText()).isEqualTo("LOGOUT");

    JsonNode failures =
        server
            .get("/v1/events?subject=audited&type=session.verify_failed&reason=REVOKED")
            .json()
            .path("events");
    assertThat(failures).hasSize(1);
  }

  @Test
  void events_validVerifyIsNotAnEvent() {
    String token = server.createToken("quiet");
    server.verify(token);
    server.verify(token);
    assertThat(server.get("/v1/events?subject=quiet").json().path("events")).hasSize(1);
  }

  @Test
  void events_pageWithCursor_withoutGapsOrRepeats() {
    for (int i = 0; i < 7; i++) {
      server.createToken("pager");
    }
    List<String> ids = new ArrayList<>();
    String cursor = "";
    do {
      Reply page =
          server.get(
              "/v1/events?subject=pager&limit=3" + (cursor.isEmpty() ? "" : "&cursor=" + cursor));
      page.json().path("events").forEach(e -> ids.add(e.path("id").asText()));
      cursor = page.json().path("next_cursor").asText("");
    } while (!cursor.isEmpty());
    assertThat(ids).hasSize(7).doesNotHaveDuplicates();
  }

  @Test
  void incident_explainsIdleExpiryWithTheNumbers() throws Exception {
    String token =
        server
            .post(
                "/v1/sessions",
                Map.of(
                    "subject",
                    "sleepy",
                    "idle_timeout",
                    "PT1S",
                    "client",
                    Map.of("ip", "203.0.113.5")))
            .text("token");
    CLOCK.advance(java.time.Duration.ofMillis(1_300));
    Reply verdict =
        server.post(
            "/v1/sessions/verify", Map.of("token", token, "client", Map.of("ip", "203.0.113.5")));
    Reply incident = server.get("/v1/incidents/" + verdict.text("incident"));
    assertThat(incident.status()).isEqualTo(200);
    assertThat(incident.text("reason")).isEqualTo("EXPIRED_IDLE");
    assertThat(incident.text("action")).isEqualTo("reauthenticate");
    assertThat(incident.text("subject")).isEqualTo("sleepy");
    assertThat(incident.text("cause"))
        .contains("idle timeout in force was 1 second")
        .contains("203.0.113.5");
    assertThat(incident.json().path("evidence").path("idle_timeout").asText()).isEqualTo("PT1S");
    assertThat(incident.json().path("timeline").get(0).path("type").asText())
        .isEqualTo("session.created");
  }

  @Test
  void incident_unknown_is404() {
    assertThat(server.get("/v1/incidents/inc_AAAAAAAAAAAAAAAAAAAAAA").status()).isEqualTo(404);
  }

  @Test
  void auditVerify_reportsAnIntactChain_andTheCliAgrees() {
    server.createToken("chain");
    Reply r = server.get("/v1/audit/verify");
    assertThat(r.json().path("intact").asBoolean()).isTrue();
    assertThat(r.json().path("events").asLong()).isPositive();
    assertThat(r.json().has("first_broken")).isFalse();
    assertThat(
            dev.vigil.server.cli.VigilCommand.run(
                "audit", "verify-log", "--data", server.data().toString()))
        .isZero();
  }

  @Test
  void report_linkedToAnIncident_joinsTheSessionsTimeline_andItsStatusChanges() {
    String token = server.createToken("reporter");
    server.post("/v1/sessions/revoke", Map.of("token", token));
    String incident = server.verify(token).text("incident");
    Reply filed =
        server.post(
            "/v1/reports",
            Map.of(
                "incident",
                incident,
                "category",
                "signed_out",
                "message",
                "I was signed out while writing a long post."));
    assertThat(filed.status()).isEqualTo(201);
    assertThat(filed.text("id")).startsWith("rpt_");
    assertThat(filed.text("subject")).isEqualTo("reporter");
    assertThat(filed.text("session_id")).startsWith("ses_");
    assertThat(filed.text("status")).isEqualTo("open");

    JsonNode timeline = server.get("/v1/incidents/" + incident).json().path("timeline");
    assertThat(timeline.get(timeline.size() - 1).path("type").asText()).isEqualTo("report.filed");

    Reply moved =
        server.post(
            "/v1/reports/" + filed.text("id") + "/status", Map.of("status", "investigating"));
    assertThat(moved.text("status")).isEqualTo("investigating");
    server.post("/v1/reports/" + filed.text("id") + "/status", Map.of("status", "investigating"));
    // one event for the move, none for asking again for the status it has
    JsonNode changes = server.get("/v1/events?type=report.status_changed").json().path("events");
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).path("subject").asText()).isEqualTo("reporter");
    assertThat(changes.get(0).path("reason").asText()).isEqualTo("INVESTIGATING");
    assertThat(changes.get(0).path("detail").path("report").asText()).isEqualTo(filed.text("id"));
    assertThat(changes.get(0).path("detail").path("from").asText()).isEqualTo("OPEN");
    assertThat(changes.get(0).path("detail").path("to").asText()).isEqualTo("INVESTIGATING");
    assertThat(changes.get(0).path("detail").path("by").asText()).isEqualTo("bootstrap");
    assertThat(
            server
                .get("/v1/reports?status=investigating")
                .json()
                .path("reports")
                .get(0)
                .path("id")
                .asText())
        .isEqualTo(filed.text("id"));
    assertThat(
            server
                .post("/v1/reports", Map.of("category", "Bad Category", "message", "x"))
                .text("field"))
        .isEqualTo("category");
    assertThat(
            server
                .post("/v1/reports/" + filed.text("id") + "/status", Map.of("status", "closed"))
                .status())
        .isEqualTo(400);
  }
}
