package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.Eventually;
import dev.vigil.server.TestServer;
import dev.vigil.server.cli.VigilCommand;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.testkit.MutableClock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** KEY_RETIRED after {@code vigil keys rotate} and the overlap; UNKNOWN_SESSION after a purge. */
class KeysAndPurgeApiTest {
  @Test
  void keyRotatedByCli_oldTokensRenewedDuringOverlap_thenKeyRetired() throws Exception {
    MutableClock clock = new MutableClock(java.time.Instant.now());
    try (TestServer server = TestServer.start(Map.of(ConfigKey.KEY_OVERLAP, "PT3S"), clock)) {
      String early = server.createToken("keyed");
      String late = server.createToken("keyed");
      String oldKid = early.split("\\.")[1];
      int code = VigilCommand.run("keys", "rotate", "--data", server.data().toString());
      assertThat(code).isZero();
      // the server re-reads the keyring every 2 s: once it has, old tokens are renewed
      Reply[] renewed = new Reply[1];
      Eventually.until(
          "the server uses the new key",
          () -> {
            renewed[0] = server.verify(early);
            return renewed[0].json().has("renewed_token");
          });
      assertThat(renewed[0].json().path("valid").asBoolean()).isTrue();
      assertThat(renewed[0].text("renewed_token").split("\\.")[1]).isNotEqualTo(oldKid);

      clock.advance(java.time.Duration.ofSeconds(4));
      Reply retired = server.verify(late);
      assertThat(retired.text("reason")).isEqualTo("KEY_RETIRED");
      assertThat(retired.text("session_id")).startsWith("ses_");
      assertThat(server.verify(renewed[0].text("renewed_token")).json().path("valid").asBoolean())
          .isTrue();
    }
  }

  @Test
  void purgedSession_isUnknownSession_butItsEventsStay() throws Exception {
    MutableClock clock = new MutableClock(java.time.Instant.now());
    try (TestServer server =
        TestServer.start(
            Map.of(ConfigKey.RETENTION, "PT1S", ConfigKey.PURGE_INTERVAL, "PT1S"), clock)) {
      Reply created = server.post("/v1/sessions", Map.of("subject", "purged"));
      String token = created.text("token");
      String id = created.json().path("session").path("id").asText();
      server.post("/v1/sessions/revoke", Map.of("token", token));
      clock.advance(java.time.Duration.ofSeconds(2));
      Eventually.until(
          "the purge, which runs every second",
          () -> server.get("/v1/sessions/" + id).status() == 404);
      assertThat(server.verify(token).text("reason")).isEqualTo("UNKNOWN_SESSION");
      var types = new java.util.ArrayList<String>();
      server
          .get("/v1/events?session_id=" + id)
          .json()
          .path("events")
          .forEach(e -> types.add(e.path("type").asText()));
      assertThat(types)
          .containsExactly("session.verify_failed", "session.revoked", "session.created");
    }
  }
}
