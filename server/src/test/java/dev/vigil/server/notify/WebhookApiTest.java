package dev.vigil.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.Eventually;
import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Webhooks end to end: a real receiver checks the Standard Webhooks signature, filters, retries
 * with back-off, a hanging receiver, and at-least-once delivery across a restart.
 */
class WebhookApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<ConfigKey, String> FAST_RETRY =
      Map.of(ConfigKey.NOTICE_RETRY_BASE, "PT0.2S");

  @Test
  void revocation_isDelivered_signed_andFiltered() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(0, 0);
        TestServer server = TestServer.start(FAST_RETRY)) {
      Reply added =
          server.post(
              "/v1/webhooks",
              Map.of(
                  "url",
                  receiver.url(),
                  "events",
                  List.of("session.revoked", "session.theft_suspected")));
      assertThat(added.status()).isEqualTo(201);
      String secret = added.text("secret");
      assertThat(secret).startsWith("whsec_");
      assertThat(added.text("id")).startsWith("whk_");

      String token = server.createToken("user-1");
      Reply verified = server.verify(token);
      String session = verified.json().path("session").path("id").asText();
      assertThat(server.delete("/v1/sessions/" + session).status()).isIn(200, 204);

      Eventually.until("the revocation is delivered", () -> receiver.accepted().size() == 1);
      WebhookReceiver.Delivery d = receiver.accepted().getFirst();
      JsonNode body = JSON.readTree(d.body());
      assertThat(body.path("type").asText()).isEqualTo("session.revoked");
      assertThat(body.path("data").path("session_id").asText()).isEqualTo(session);
      assertThat(body.path("data").path("subject").asText()).isEqualTo("user-1");
      assertThat(body.path("data").path("reason").asText()).isEqualTo("ADMIN");
      assertThat(d.id()).isEqualTo(body.path("data").path("event_id").asText());
      byte[] key = StandardWebhooks.key(secret);
      assertThat(
              StandardWebhooks.verify(
                  key, d.id(), Long.parseLong(d.timestamp()), d.body(), d.signature()))
          .isTrue();
      assertThat(
              StandardWebhooks.verify(
                  key, d.id(), Long.parseLong(d.timestamp()), d.body() + " ", d.signature()))
          .isFalse();
      assertThat(Math.abs(Long.parseLong(d.timestamp()) - System.currentTimeMillis() / 1000))
          .isLessThan(60);

      // the filter: a later session.created is not delivered, its revocation is; the notifier
      // reads the log in order, so once the revocation has arrived the creation was passed over
      String later = server.createToken("user-1b");
      String laterSession = server.verify(later).json().path("session").path("id").asText();
      server.delete("/v1/sessions/" + laterSession);
      Eventually.until("the second revocation", () -> receiver.accepted().size() >= 2);
      assertThat(receiver.accepted())
          .extracting(x -> JSON.readTree(x.body()).path("type").asText())
          .containsExactly("session.revoked", "session.revoked");
      Reply list = server.get("/v1/webhooks");
      assertThat(list.json().path("webhooks").get(0).has("secret")).isFalse();
      Reply deliveries = server.get("/v1/webhooks/" + added.text("id") + "/deliveries");
      assertThat(deliveries.json().path("deliveries").get(0).path("state").asText())
          .isEqualTo("delivered");
    }
  }

  @Test
  void failingEndpoint_isRetriedWithBackOff_untilItAnswers() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(0, 2);
        TestServer server = TestServer.start(FAST_RETRY)) {
      String id =
          server
              .post(
                  "/v1/webhooks",
                  Map.of("url", receiver.url(), "events", List.of("session.created")))
              .text("id");
      server.createToken("user-2");
      Eventually.until("delivered after two failures", () -> receiver.accepted().size() == 1);
      assertThat(receiver.refused()).hasSize(2);
      assertThat(receiver.refused().stream().map(WebhookReceiver.Delivery::id).distinct())
          .containsExactly(receiver.accepted().getFirst().id());
      JsonNode delivery =
          server.get("/v1/webhooks/" + id + "/deliveries").json().path("deliveries").get(0);
      assertThat(delivery.path("attempts").asInt()).isEqualTo(3);
      assertThat(delivery.path("state").asText()).isEqualTo("delivered");
    }
  }

  @Test
  void hangingEndpoint_neverSlowsVerification() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(0, 0);
        TestServer server = TestServer.start(Map.of())) {
      receiver.hold();
      server.post("/v1/webhooks", Map.of("url", receiver.url()));
      String token = server.createToken("user-3");
      Eventually.until("a delivery hangs at the endpoint", () -> receiver.arrived() >= 1);
      for (int i = 0; i < 20; i++) {
        // each call must answer within 2 s while deliveries hang for up to 10 s each
        assertThat(verifyWithin(server, "vs1.garbage" + i).path("reason").asText())
            .isIn("MALFORMED", "TAMPERED");
        assertThat(verifyWithin(server, token).path("valid").asBoolean()).isTrue();
      }
      assertThat(receiver.accepted()).as("still hanging while we verified").isEmpty();
      receiver.release();
      Eventually.until("delivered once released", () -> receiver.accepted().size() >= 21);
    }
  }

  /** Verifies {@code token}, failing when the answer takes more than two seconds. */
  private static JsonNode verifyWithin(TestServer server, String token) {
    Reply r =
        server.send(
            java.net.http.HttpRequest.newBuilder(server.uri("/v1/sessions/verify"))
                .timeout(java.time.Duration.ofSeconds(2))
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"token\":\"" + token + "\"}"))
                .build());
    assertThat(r.status()).isEqualTo(200);
    return r.json();
  }

  @Test
  void deliveries_surviveARestart_atLeastOnce_withoutDuplicates() throws Exception {
    Path data;
    int port;
    String secret;
    try (WebhookReceiver down = new WebhookReceiver(0, Integer.MAX_VALUE)) {
      port = down.port();
      try (TestServer first = TestServer.start(FAST_RETRY)) {
        data = first.data();
        secret =
            first
                .post(
                    "/v1/webhooks",
                    Map.of(
                        "url", down.url(), "events", List.of("session.created", "session.revoked")))
                .text("secret");
        for (int i = 0; i < 5; i++) {
          first.createToken("restart-" + i);
        }
        Eventually.until("the endpoint refused something", () -> !down.refused().isEmpty());
      }
    }
    try (WebhookReceiver up = new WebhookReceiver(port, 0);
        TestServer second = TestServer.start(data, FAST_RETRY)) {
      Eventually.until("all five delivered", () -> up.accepted().size() >= 5);
      // nothing left to send: every delivery recorded as delivered, none pending, so no repeat
      // can still come
      Eventually.until(
          "the outbox has nothing pending",
          () -> {
            String metrics =
                second
                    .send(java.net.http.HttpRequest.newBuilder(second.uri("/metrics")).build())
                    .raw()
                    .body();
            return metrics.lines().anyMatch(l -> l.equals("vigil_outbox_backlog 0.0"));
          });
      Set<String> ids = new HashSet<>();
      for (WebhookReceiver.Delivery d : up.accepted()) {
        assertThat(ids.add(d.id())).as("delivered once: " + d.id()).isTrue();
        assertThat(
                StandardWebhooks.verify(
                    StandardWebhooks.key(secret),
                    d.id(),
                    Long.parseLong(d.timestamp()),
                    d.body(),
                    d.signature()))
            .isTrue();
        assertThat(type(d)).isEqualTo("session.created");
      }
      assertThat(ids).hasSize(5);
    }
  }

  @Test
  void badInput_isA400NamingTheField_andNeedsTheAdminScope() throws Exception {
    try (TestServer server = TestServer.start(Map.of())) {
      assertThat(
              server.post("/v1/webhooks", Map.of("url", "ftp://x")).json().path("detail").asText())
          .contains("url");
      assertThat(server.post("/v1/webhooks", Map.of("url", "not a url")).status()).isEqualTo(400);
      Reply badType =
          server.post(
              "/v1/webhooks", Map.of("url", "https://example.com/h", "events", List.of("nope")));
      assertThat(badType.status()).isEqualTo(400);
      assertThat(badType.json().path("detail").asText()).contains("events");
      Reply badSecret =
          server.post(
              "/v1/webhooks", Map.of("url", "https://example.com/h", "secret", "whsec_short"));
      assertThat(badSecret.status()).isEqualTo(400);
      assertThat(badSecret.json().path("detail").asText()).contains("secret");
      assertThat(server.post("/v1/webhooks", "{\"url\": 5}").status()).isEqualTo(400);
      assertThat(server.delete("/v1/webhooks/whk_AAAAAAAAAAAAAAAAAAAAAA").status()).isEqualTo(404);
      assertThat(server.delete("/v1/webhooks/nope").status()).isEqualTo(400);
      assertThat(server.get("/v1/webhooks?x=1").status()).isEqualTo(400);
      String own = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
      Reply mine =
          server.post("/v1/webhooks", Map.of("url", "https://example.com/h", "secret", own));
      assertThat(mine.text("secret")).isEqualTo(own);
      assertThat(server.delete("/v1/webhooks/" + mine.text("id")).status()).isEqualTo(204);
      assertThat(server.get("/v1/webhooks").json().path("webhooks").size()).isZero();
    }
  }

  private static String type(WebhookReceiver.Delivery d) {
    try {
      return JSON.readTree(d.body()).path("type").asText();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
