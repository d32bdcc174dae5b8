package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.TestServer;
import dev.vigil.server.TestServer.Reply;
import dev.vigil.server.cli.VigilCommand;
import dev.vigil.server.config.ConfigKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** KEY_RETIRED after {@code vigil keys rotate} and the overlap; UNKNOWN_SESSION after a purge. */
class KeysAndPurgeApiTest {
  @Test
  void keyRotatedByCli_oldTokensRenewedDuringOverlap_thenKeyRetired() throws Exception {
    try (TestServer server = TestServer.start(Map.of(ConfigKey.KEY_OVERLAP, "PT3S"))) {
      String early = server.createToken("keyed");
      String late = server.createToken("keyed");
      int code = VigilCommand.run("keys", "rotate", "--data", server.data().toString());
      assertThat(code).isZero();
      Thread.sleep(2_500);

      Reply renewed = server.verify(early);
      assertThat(renewed.json().path("valid").asBoolean()).isTrue();
      String kid = renewed.text("renewed_token").split("\\.")[1];
      assertThat(late.split("\\.")[1]).isNotEqualTo(kid);

      Thread.sleep(1_000);
      Reply retired = server.verify(late);
      assertThat(retired.text("reason")).isEqualTo("KEY_RETIRED");
      assertThat(retired.text("session_id")).startsWith("ses_");
      assertThat(server.verify(renewed.text("renewed_token")).json().path("valid").asBoolean())
          .isTrue();
    }
  }

  @Test
  void purgedSession_isUnknownSession_butItsEventsStay() throws Exception {
    try (TestServer server =
        TestServer.start(Map.of(ConfigKey.RETENTION, "PT1S", ConfigKey.PURGE_INTERVAL, "PT1S"))) {
      Reply created = server.post("/v1/sessions", Map.of("subject", "purged"));
      String token = created.text("token");
      String id = created.json().path("session").path("id").asText();
      server.post("/v1/sessions/revoke", Map.of("token", token));
      Thread.sleep(3_000);
      assertThat(server.get("/v1/sessions/" + id).status()).isEqualTo(404);
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
