package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.testkit.MutableClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every session call of the contract against a real server on a real SQLite file. */
class SessionApiTest {
  private static final MutableClock CLOCK = new MutableClock(java.time.Instant.now());
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            Map.of(ConfigKey.MAX_SESSIONS_PER_SUBJECT, "3", ConfigKey.MAX_IDLE_TIMEOUT, "P1D"),
            CLOCK);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void create_answers201WithTokenAndSession() {
    Reply r =
        server.post(
            "/v1/sessions",
            Map.of(
                "subject",
                "user-42",
                "roles",
                List.of("editor"),
                "auth",
                Map.of("methods", List.of("pwd", "otp"), "time", "2026-11-29T04:00:00Z"),
                "client",
                Map.of("ip", "203.0.113.9", "user_agent", "Mozilla/5.0"),
                "idle_timeout",
                "PT10M"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.text("token"))
        .startsWith("vs1.")
        .hasSizeLessThanOrEqualTo(200)
        .matches("[A-Za-z0-9._-]+");
    JsonNode s = r.json().path("session");
    assertThat(s.path("id").asText()).startsWith("ses_");
    assertThat(s.path("subject").asText()).isEqualTo("user-42");
    assertThat(s.path("roles").get(0).asText()).isEqualTo("editor");
    assertThat(s.path("aal").asInt()).isEqualTo(2);
    assertThat(s.path("auth_time").asText()).isEqualTo("2026-11-29T04:00:00Z");
    assertThat(s.path("client").path("ip").asText()).isEqualTo("203.0.113.9");
    assertThat(s.path("idle_timeout").asText()).isEqualTo("PT10M");
    assertThat(r.raw().headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void create_aboveConfiguredCap_is400NamingTheField() {
    Reply r = server.post("/v1/sessions", Map.of("subject", "u", "idle_timeout", "P2D"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text("field")).isEqualTo("idle_timeout");
  }

  @Test
  void verify_validToken_returnsSession() {
    String token = server.createToken("alice");
    Reply r = server.verify(token);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("valid").asBoolean()).isTrue();
    assertThat(r.json().path("session").path("subject").asText()).isEqualTo("alice");
    assertThat(r.json().has("renewed_token")).isFalse();
  }

  @Test
  void verify_garbage_isMalformedWithIncident() {
    Reply r = server.verify("hello");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("valid").asBoolean()).isFalse();
    assertThat(r.text("reason")).isEqualTo("MALFORMED");
    assertThat(r.text("action")).isEqualTo("reauthenticate");
    assertThat(r.text("incident")).startsWith("inc_");
    assertThat(r.text("message")).isNotBlank();
    assertThat(r.json().has("session_id")).isFalse();
  }

  @Test
  void verify_alteredToken_isTampered() {
    String token = server.createToken("alice");
    char c = token.charAt(20);
    String altered = token.substring(0, 20) + (c == 'a' ? 'b' : 'a') + token.substring(21);
    assertThat(server.verify(altered).text("reason")).isEqualTo("TAMPERED");
  }

  @Test
  void verify_afterLogout_isRevokedWithCause() {
    String token = server.createToken("alice");
    assertThat(server.post("/v1/sessions/revoke", Map.of("token", token)).status()).isEqualTo(204);
    assertThat(server.post("/v1/sessions/revoke", Map.of("token", token)).status()).isEqualTo(204);
    Reply r = server.verify(token);
    assertThat(r.text("reason")).isEqualTo("REVOKED");
    assertThat(r.json().path("revocation").path("cause").asText()).isEqualTo("LOGOUT");
    assertThat(r.json().path("revocation").path("by").asText()).isEqualTo("bootstrap");
    assertThat(r.text("session_id")).startsWith("ses_");
  }

  @Test
  void verify_afterIdleTimeout_isExpiredIdle() throws Exception {
    String token =
        server
            .post("/v1/sessions", Map.of("subject", "idler", "idle_timeout", "PT1S"))
            .text("token");
    CLOCK.advance(java.time.Duration.ofMillis(1_300));
    Reply r = server.verify(token);
    assertThat(r.text("reason")).isEqualTo("EXPIRED_IDLE");
    assertThat(r.text("message")).contains("1 second without activity");
  }

  @Test
  void verify_afterAbsoluteLifetime_isExpiredAbsolute() throws Exception {
    String token =
        server
            .post("/v1/sessions", Map.of("subject", "short", "absolute_timeout", "PT1S"))
            .text("token");
    CLOCK.advance(java.time.Duration.ofMillis(1_100));
    assertThat(server.verify(token).text("reason")).isEqualTo("EXPIRED_ABSOLUTE");
  }

  @Test
  void rotate_oldTokenSuperseded_newTokenHasNewRoles() {
    String token = server.createToken("alice");
    Reply r = server.post("/v1/sessions/rotate", Map.of("token", token, "roles", List.of("admin")));
    assertThat(r.status()).isEqualTo(200);
    assertThat(server.verify(token).text("reason")).isEqualTo("SUPERSEDED");
    Reply ok = server.verify(r.text("token"));
    assertThat(ok.json().path("session").path("roles").get(0).asText()).isEqualTo("admin");
  }

  @Test
  void verify_boundSessionFromOtherNetwork_isContextMismatch() {
    Reply created =
        server.post(
            "/v1/sessions",
            Map.of(
                "subject",
                "bound",
                "bind_to_client",
                true,
                "client",
                Map.of("ip", "2001:db8:1:2::5", "user_agent", "Firefox")));
    String token = created.text("token");
    Reply same =
        server.post(
            "/v1/sessions/verify",
            Map.of(
                "token",
                token,
                "client",
                Map.of("ip", "2001:db8:1:ffff::9", "user_agent", "Firefox")));
    Reply other =
        server.post(
            "/v1/sessions/verify",
            Map.of(
                "token", token, "client", Map.of("ip", "2001:db8:2::5", "user_agent", "Firefox")));
    assertThat(same.json().path("valid").asBoolean()).isTrue();
    assertThat(other.text("reason")).isEqualTo("CONTEXT_MISMATCH");
  }

  @Test
  void verify_requiredRoleMissing_isForbidden_andAalMissing_isStepUp() {
    String token = server.createToken("alice");
    Reply forbidden =
        server.post(
            "/v1/sessions/verify",
            Map.of("token", token, "require", Map.of("roles", List.of("admin"))));
    Reply stepUp =
        server.post("/v1/sessions/verify", Map.of("token", token, "require", Map.of("aal", 2)));
    assertThat(forbidden.text("reason")).isEqualTo("FORBIDDEN");
    assertThat(forbidden.text("action")).isEqualTo("none");
    assertThat(forbidden.json().path("missing").get(0).asText()).isEqualTo("role admin");
    assertThat(stepUp.text("reason")).isEqualTo("STEP_UP_REQUIRED");
    assertThat(stepUp.text("action")).isEqualTo("step_up");
  }

  @Test
  void getDeleteAndList_followTheSessionsState() {
    Reply created =
        server.post(
            "/v1/sessions", Map.of("subject", "lister", "client", Map.of("ip", "198.51.100.1")));
    String id = created.json().path("session").path("id").asText();
    assertThat(server.get("/v1/sessions/" + id).text("state")).isEqualTo("active");
    assertThat(server.get("/v1/subjects/lister/sessions").json().path("sessions")).hasSize(1);

    assertThat(server.delete("/v1/sessions/" + id).status()).isEqualTo(204);
    Reply after = server.get("/v1/sessions/" + id);
    assertThat(after.text("state")).isEqualTo("revoked");
    assertThat(after.json().path("revocation").path("cause").asText()).isEqualTo("ADMIN");
    assertThat(server.get("/v1/subjects/lister/sessions").json().path("sessions")).isEmpty();
    assertThat(server.get("/v1/sessions/ses_AAAAAAAAAAAAAAAAAAAAAA").status()).isEqualTo(404);
  }

  @Test
  void revokeAll_exceptOne_endsTheRest() {
    Reply keep = server.post("/v1/sessions", Map.of("subject", "many"));
    server.createToken("many");
    String other = server.createToken("many");
    String keepId = keep.json().path("session").path("id").asText();
    Reply r = server.post("/v1/subjects/many/sessions/revoke", Map.of("except_session_id", keepId));
    assertThat(r.json().path("revoked").asInt()).isEqualTo(2);
    Reply v = server.verify(other);
    assertThat(v.json().path("revocation").path("cause").asText()).isEqualTo("ALL_SESSIONS");
    assertThat(server.verify(keep.text("token")).json().path("valid").asBoolean()).isTrue();
  }

  @Test
  void create_beyondSubjectCap_endsLeastRecentlyUsedWithSessionLimit() {
    String first = server.createToken("capped");
    server.createToken("capped");
    server.createToken("capped");
    server.createToken("capped");
    Reply r = server.verify(first);
    assertThat(r.text("reason")).isEqualTo("REVOKED");
    assertThat(r.json().path("revocation").path("cause").asText()).isEqualTo("SESSION_LIMIT");
  }
}
