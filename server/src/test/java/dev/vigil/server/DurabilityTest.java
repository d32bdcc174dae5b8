package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.ApiClient.Reply;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Acknowledged writes survive {@code kill -9}: a child server process creates sessions, revokes a
 * third and rotates a third of them, is killed with SIGKILL right after the last acknowledgement,
 * and a new server on the same data directory must still refuse every revoked and every superseded
 * token and accept every other.
 */
class DurabilityTest {
  @Test
  void acknowledgedRevocationsAndCreates_surviveKill9() throws Exception {
    Path data = Files.createTempDirectory("vigil-durability");
    int port = ChildServer.freePort();
    Process child = ChildServer.start(data, port);
    List<String> kept = new ArrayList<>();
    List<String> revoked = new ArrayList<>();
    List<String> superseded = new ArrayList<>();
    try {
      HttpClient http = HttpClient.newHttpClient();
      ChildServer.waitReady(http, port);
      for (int i = 0; i < 40; i++) {
        String token =
            ChildServer.post(http, port, "/v1/sessions", "{\"subject\":\"durable-" + i + "\"}")
                .replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        if (i % 3 == 0) {
          ChildServer.post(http, port, "/v1/sessions/revoke", "{\"token\":\"" + token + "\"}");
          revoked.add(token);
        } else if (i % 3 == 1) {
          String rotated =
              ChildServer.post(http, port, "/v1/sessions/rotate", "{\"token\":\"" + token + "\"}")
                  .replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
          superseded.add(token);
          kept.add(rotated);
        } else {
          kept.add(token);
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor();
    }
    assertThat(child.exitValue()).isEqualTo(137);

    try (TestServer restarted = TestServer.start(data, Map.of())) {
      for (String t : revoked) {
        Reply r = restarted.verify(t);
        assertThat(r.text("reason")).isEqualTo("REVOKED");
        assertThat(r.json().path("revocation").path("cause").asText()).isEqualTo("LOGOUT");
      }
      for (String t : superseded) {
        assertThat(restarted.verify(t).text("reason")).isEqualTo("SUPERSEDED");
      }
      for (String t : kept) {
        assertThat(restarted.verify(t).json().path("valid").asBoolean()).isTrue();
      }
    }
  }
}
