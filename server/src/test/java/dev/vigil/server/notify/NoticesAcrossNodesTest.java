package dev.vigil.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.Eventually;
import dev.vigil.server.TestServer;
import dev.vigil.server.cluster.PostgresSchema;
import dev.vigil.server.keys.MasterKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three nodes on one PostgreSQL database, each with a notifier: every event is delivered once, by
 * whichever node holds the notifier's lease, not once per node.
 */
class NoticesAcrossNodesTest {
  @Test
  void eachEventIsDeliveredOnce_notOncePerNode() throws Exception {
    List<TestServer> nodes = new ArrayList<>();
    try (PostgresSchema schema = PostgresSchema.create();
        WebhookReceiver receiver = new WebhookReceiver(0, 0)) {
      String master = MasterKey.generate();
      for (int i = 0; i < 3; i++) {
        nodes.add(TestServer.start(schema.node(master, Map.of())));
      }
      assertThat(
              nodes
                  .get(0)
                  .post(
                      "/v1/webhooks",
                      Map.of("url", receiver.url(), "events", List.of("session.created")))
                  .status())
          .isEqualTo(201);
      // deliveries hang for a while, so that every node's notifier would see them still pending
      receiver.hold();
      for (int i = 0; i < 30; i++) {
        nodes.get(i % 3).createToken("noticed-" + i);
      }
      Thread.sleep(3_000);
      receiver.release();

      Eventually.until(
          "every creation delivered",
          Duration.ofSeconds(30),
          () -> receiver.accepted().size() >= 30);
      Thread.sleep(3_000); // a second node would deliver its copies within its next beats
      assertThat(receiver.accepted()).hasSize(30);
      assertThat(receiver.accepted().stream().map(WebhookReceiver.Delivery::id).distinct())
          .hasSize(30);
    } finally {
      nodes.forEach(TestServer::close);
    }
  }
}
