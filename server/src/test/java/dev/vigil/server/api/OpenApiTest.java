package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.audit.EventType;
import dev.vigil.audit.StatsDimension;
import dev.vigil.server.TestServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document is served and names every endpoint the server answers. */
class OpenApiTest {
  private static final Map<String, String> ENDPOINTS =
      Map.ofEntries(
          Map.entry("/v1/sessions", "post"),
          Map.entry("/v1/sessions/verify", "post"),
          Map.entry("/v1/sessions/rotate", "post"),
          Map.entry("/v1/sessions/revoke", "post"),
          Map.entry("/v1/sessions/revoke-all", "post"),
          Map.entry("/v1/sessions/{id}", "get,delete"),
          Map.entry("/v1/subjects/{subject}/sessions", "get"),
          Map.entry("/v1/subjects/{subject}/sessions/revoke", "post"),
          Map.entry("/v1/events", "get"),
          Map.entry("/v1/incidents/{id}", "get"),
          Map.entry("/health/live", "get"),
          Map.entry("/health/ready", "get"),
          Map.entry("/metrics", "get"),
          Map.entry("/openapi.json", "get"),
          Map.entry("/v1/users", "post"),
          Map.entry("/v1/users/{id}", "get,delete"),
          Map.entry("/v1/users/{id}/disable", "post"),
          Map.entry("/v1/auth/login", "post"),
          Map.entry("/v1/users/{id}/totp", "post,delete"),
          Map.entry("/v1/users/{id}/totp/confirm", "post"),
          Map.entry("/v1/auth/mfa", "post"),
          Map.entry("/v1/auth/step-up", "post"),
          Map.entry("/v1/users/{id}/password", "post"),
          Map.entry("/v1/users/{id}/roles", "post"),
          Map.entry("/v1/users/{id}/password-reset", "post"),
          Map.entry("/v1/auth/password-reset", "post"),
          Map.entry("/v1/audit/verify", "get"),
          Map.entry("/v1/admin/config", "get"),
          Map.entry("/v1/stats/invalid", "get"),
          Map.entry("/v1/reports", "get,post"),
          Map.entry("/v1/reports/{id}/status", "post"),
          Map.entry("/v1/webhooks", "get,post"),
          Map.entry("/v1/webhooks/{id}", "delete"),
          Map.entry("/v1/webhooks/{id}/deliveries", "get"),
          Map.entry("/notice/not-me", "get,post"));

  @Test
  void openApi_describesEveryEndpoint() throws Exception {
    try (TestServer server = TestServer.start(Map.of())) {
      JsonNode doc = server.get("/openapi.json").json();
      assertThat(doc.path("openapi").asText()).startsWith("3.1");
      ENDPOINTS.forEach(
          (path, methods) -> {
            for (String m : methods.split(",")) {
              assertThat(doc.path("paths").path(path).has(m)).as(m + " " + path).isTrue();
            }
          });
      assertThat(doc.path("paths").size()).isEqualTo(ENDPOINTS.size());
    }
  }

  @Test
  void openApi_namesEveryEventTypeAndStatsDimension() throws Exception {
    try (TestServer server = TestServer.start(Map.of())) {
      JsonNode doc = server.get("/openapi.json").json();
      List<String> types = new ArrayList<>();
      doc.at("/components/schemas/Event/properties/type/enum").forEach(t -> types.add(t.asText()));
      assertThat(types)
          .containsExactlyInAnyOrderElementsOf(
              Arrays.stream(EventType.values()).map(EventType::wire).toList());
      List<String> dimensions = new ArrayList<>();
      doc.path("paths")
          .path("/v1/stats/invalid")
          .path("get")
          .path("parameters")
          .forEach(
              p -> {
                if (p.path("name").asText().equals("by")) {
                  p.at("/schema/enum").forEach(d -> dimensions.add(d.asText()));
                }
              });
      assertThat(dimensions)
          .containsExactlyInAnyOrderElementsOf(
              Arrays.stream(StatsDimension.values()).map(StatsDimension::wire).toList());
    }
  }

  @Test
  void metrics_exposeVerificationsByReasonAndLatency() throws Exception {
    try (TestServer server = TestServer.start(Map.of())) {
      server.verify(server.createToken("metered"));
      server.verify("garbage");
      String text = server.get("/metrics").raw().body();
      assertThat(text)
          .contains("vigil_verifications_total{outcome=\"valid\",reason=\"none\"} 1.0")
          .contains("vigil_verifications_total{outcome=\"invalid\",reason=\"MALFORMED\"} 1.0")
          .contains("vigil_verify_seconds_bucket")
          .contains("vigil_sessions_live")
          .contains("vigil_audit_chain_intact 1.0")
          .contains("vigil_outbox_backlog")
          .contains("vigil_webhook_failures_total")
          .contains("vigil_forced_reauth_per_subject");
    }
  }
}
