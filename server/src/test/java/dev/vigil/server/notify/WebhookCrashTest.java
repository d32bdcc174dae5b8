package dev.vigil.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.ChildServer;
import dev.vigil.server.Eventually;
import dev.vigil.server.TestServer;
import java.net.http.HttpClient;
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
    Path data = dev.vigil.testkit.TempPaths.directory("vigil-webhook-crash");
    int port = ChildServer.freePort();
    try (WebhookReceiver receiver = new WebhookReceiver(0, 0)) {
      receiver.hold();
      Process child = ChildServer.start(data, port);
      try {
        HttpClient http = HttpClient.newHttpClient();
        ChildServer.waitReady(http, port);
        ChildServer.post(
            http,
            port,
            "/v1/webhooks",
            "{\"url\":\"" + receiver.url() + "\",\"events\":[\"session.created\"]}");
        for (int i = 0; i < 5; i++) {
          ChildServer.post(http, port, "/v1/sessions", "{\"subject\":\"crash-" + i + "\"}");
        }
        // at most four deliveries to one endpoint are in flight at once (Notifier.PER_ENDPOINT);
        // the fifth would only go once the first timed out, 10 s later
        Eventually.until("four deliveries in flight", () -> receiver.arrived() >= 4);
      } finally {
        child.destroyForcibly();
        child.waitFor();
      }
      assertThat(child.exitValue()).isEqualTo(137);
      int before = receiver.arrived();
      receiver.release();

      try (TestServer restarted =
          TestServer.start(data, Map.of(dev.vigil.server.config.ConfigKey.PORT, "0"))) {
        Eventually.until(
            "every notice delivered again after the restart",
            Duration.ofSeconds(20),
            () -> receiver.accepted().size() >= before + 5);
        Map<String, List<String>> bodiesById =
            receiver.accepted().stream()
                .collect(
                    Collectors.groupingBy(
                        WebhookReceiver.Delivery::id,
                        Collectors.mapping(WebhookReceiver.Delivery::body, Collectors.toList())));
        assertThat(bodiesById).as("every notice delivered after the restart").hasSize(5);
        bodiesById.values().forEach(bodies -> assertThat(bodies).containsOnly(bodies.getFirst()));
        assertThat(bodiesById.values().stream().filter(bodies -> bodies.size() == 2))
            .as("each notice in flight at the kill sent again with its webhook-id")
            .hasSize(before);
        assertThat(restarted.get("/v1/webhooks").json().path("webhooks").size()).isEqualTo(1);
      }
    }
  }
}
