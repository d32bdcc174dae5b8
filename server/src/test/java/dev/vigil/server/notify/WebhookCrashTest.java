package dev.vigil.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.Eventually;
import dev.vigil.server.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A server killed with SIGKILL while its deliveries are in flight loses none: a new server on the
 * same data directory sends them again, with the same webhook-id, so the receiver can tell the
 * repeat.
 */
class WebhookCrashTest {
  @Test
  void kill9_midDelivery_everyNoticeArrives_repeatsKeepTheirId() throws Exception {
    Path data = Files.createTempDirectory("vigil-webhook-crash");
    int port = freePort();
    try (WebhookReceiver receiver = new WebhookReceiver(0, 0)) {
      receiver.hold();
      Process child = startChild(data, port);
      try {
        HttpClient http = HttpClient.newHttpClient();
        waitReady(http, port);
        post(
            http,
            port,
            "/v1/webhooks",
            "{\"url\":\"" + receiver.url() + "\",\"events\":[\"session.created\"]}");
        for (int i = 0; i < 5; i++) {
          post(http, port, "/v1/sessions", "{\"subject\":\"crash-" + i + "\"}");
        }
        Eventually.until("five deliveries in flight", () -> receiver.arrived() == 5);
      } finally {
        child.destroyForcibly();
        child.waitFor();
      }
      assertThat(child.exitValue()).isEqualTo(137);
      receiver.release();

      try (TestServer restarted =
          TestServer.start(data, Map.of(dev.vigil.server.config.ConfigKey.PORT, "0"))) {
        Eventually.until(
            "every notice delivered again after the restart",
            Duration.ofSeconds(20),
            () -> receiver.accepted().size() >= 10);
        Map<String, List<String>> bodiesById =
            receiver.accepted().stream()
                .collect(
                    Collectors.groupingBy(
                        WebhookReceiver.Delivery::id,
                        Collectors.mapping(WebhookReceiver.Delivery::body, Collectors.toList())));
        assertThat(bodiesById).hasSize(5);
        bodiesById
            .values()
            .forEach(bodies -> assertThat(bodies).hasSize(2).containsOnly(bodies.getFirst()));
        assertThat(restarted.get("/v1/webhooks").json().path("webhooks").size()).isEqualTo(1);
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
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
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

  private static void post(HttpClient http, int port, String path, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
