package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.TestServer.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
    int port = freePort();
    Process child = startChild(data, port);
    List<String> kept = new ArrayList<>();
    List<String> revoked = new ArrayList<>();
    List<String> superseded = new ArrayList<>();
    try {
      HttpClient http = HttpClient.newHttpClient();
      waitReady(http, port);
      for (int i = 0; i < 40; i++) {
        String token =
            post(http, port, "/v1/sessions", "{\"subject\":\"durable-" + i + "\"}")
                .replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        if (i % 3 == 0) {
          post(http, port, "/v1/sessions/revoke", "{\"token\":\"" + token + "\"}");
          revoked.add(token);
        } else if (i % 3 == 1) {
          String rotated =
              post(http, port, "/v1/sessions/rotate", "{\"token\":\"" + token + "\"}")
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

  private static Process startChild(Path data, int port) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "dev.vigil.server.cli.VigilCommand",
            "serve",
            "--data",
            data.toString(),
            "--port",
            Integer.toString(port),
            "--bootstrap-api-key",
            TestServer.ADMIN_KEY);
    pb.redirectErrorStream(true).redirectOutput(data.resolve("child.log").toFile());
    return pb.start();
  }

  private static void waitReady(HttpClient http, int port) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("child server did not become ready");
  }

  private static String post(HttpClient http, int port, String path, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isBetween(200, 299);
    return r.body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
