package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.TestServer;
import dev.vigil.server.cli.VigilCommand;
import dev.vigil.server.config.ConfigKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, part 5: operators can end every session of every subject (ASVS 5.0 7.4.5), by API and
 * CLI, audited; a session used from another network and browser is told, stepped up or ended as
 * configured.
 */
class Issue8OperatorTest {
  private static final String CHROME =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/131.0.0.0 Safari/537.36";
  private static final String FIREFOX =
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

  @Test
  void revokeAll_endsEverySessionOfEverySubject_auditedPerSession() throws Exception {
    try (TestServer server = TestServer.start(Map.of())) {
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        tokens.add(server.createToken("everyone-" + (i % 3)));
      }
      Reply r = server.post("/v1/sessions/revoke-all", Map.of());
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().path("revoked").asLong()).isEqualTo(6);
      for (String t : tokens) {
        Reply v = server.verify(t);
        assertThat(v.text("reason")).isEqualTo("REVOKED");
        assertThat(v.json().path("revocation").path("cause").asText()).isEqualTo("EVERY_SESSION");
      }
      JsonNode revoked =
          server.get("/v1/events?type=session.revoked&reason=EVERY_SESSION").json().path("events");
      assertThat(revoked).hasSize(6);
      assertThat(
              server
                  .get("/v1/events?type=sessions.ended_everywhere")
                  .json()
                  .path("events")
                  .get(0)
                  .path("detail")
                  .path("sessions")
                  .asText())
          .isEqualTo("6");
      assertThat(server.post("/v1/sessions/revoke-all", Map.of()).json().path("revoked").asLong())
          .isZero();
      String after = server.createToken("after");
      assertThat(server.verify(after).json().path("valid").asBoolean())
          .as("a session created after the call is not ended by it")
          .isTrue();
    }
  }

  @Test
  void revokeAll_byCli_endsEverySession() throws Exception {
    try (TestServer server = TestServer.start(Map.of())) {
      String t = server.createToken("cli-everyone");
      int code =
          VigilCommand.run("sessions", "revoke", "--all", "--data", server.data().toString());
      assertThat(code).isZero();
      // another process wrote it: the node sees it when its cached copy is refreshed
      dev.vigil.server.Eventually.until(
          "the server honours the CLI's revocation",
          () -> server.verify(t).text("reason").equals("REVOKED"));
      assertThat(VigilCommand.run("sessions", "revoke", "--data", server.data().toString()))
          .as("neither --all nor --subject")
          .isEqualTo(2);
    }
  }

  @Test
  void clientChange_revokePolicy_overHttp() throws Exception {
    try (TestServer server = TestServer.start(Map.of(ConfigKey.CLIENT_CHANGE, "revoke"))) {
      String token =
          server
              .post(
                  "/v1/sessions",
                  Map.of(
                      "subject",
                      "roaming",
                      "client",
                      Map.of("ip", "203.0.113.9", "user_agent", FIREFOX)))
              .text("token");
      Reply moved =
          server.post(
              "/v1/sessions/verify",
              Map.of("token", token, "client", Map.of("ip", "198.51.100.4", "user_agent", CHROME)));
      assertThat(moved.text("reason")).isEqualTo("REVOKED");
      assertThat(moved.json().path("revocation").path("cause").asText())
          .isEqualTo("CLIENT_CHANGED");
      assertThat(server.get("/v1/events?type=session.client_changed").json().path("events"))
          .singleElement()
          .satisfies(e -> assertThat(e.path("reason").asText()).isEqualTo("REVOKE"));
    }
  }
}
