package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.testkit.MutableClock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A burst of forged tokens from one address puts that address, and only it, in a cool-down. */
class ThrottleApiTest {
  @Test
  void burstOfForgedTokens_throttlesThatAddress_withOneIncident_otherAddressesUnaffected()
      throws Exception {
    MutableClock clock = new MutableClock(java.time.Instant.now());
    try (TestServer server =
        TestServer.start(
            Map.of(ConfigKey.GUESSING_LIMIT, "5", ConfigKey.GUESSING_COOLDOWN, "PT2S"), clock)) {
      String good = server.createToken("victim");
      for (int i = 0; i < 6; i++) {
        Reply r = verifyFrom(server, "vs1.forged" + i, "198.51.100.66");
        assertThat(r.text("reason")).isIn("MALFORMED", "TAMPERED");
      }
      Reply first = verifyFrom(server, good, "198.51.100.66");
      Reply second = verifyFrom(server, "anything", "198.51.100.66");
      assertThat(first.text("reason")).isEqualTo("THROTTLED");
      assertThat(first.text("action")).isEqualTo("retry");
      assertThat(first.json().path("retry_after").asInt()).isBetween(1, 2);
      assertThat(second.text("incident")).isEqualTo(first.text("incident"));
      assertThat(verifyFrom(server, good, "198.51.100.67").json().path("valid").asBoolean())
          .isTrue();

      Reply incident = server.get("/v1/incidents/" + first.text("incident"));
      // once seen failing in a full run, with no reason in the answer: say what the answer was
      assertThat(incident.text("reason"))
          .as("%d %s", incident.status(), incident.raw().body())
          .isEqualTo("THROTTLED");
      assertThat(incident.json().path("evidence").path("address").asText())
          .isEqualTo("198.51.100.66");

      Reply anomaly = server.get("/v1/events?type=anomaly.detected");
      assertThat(anomaly.json().path("events").get(0).path("detail").path("incident").asText())
          .isEqualTo(first.text("incident"));
      assertThat(anomaly.json().path("events").get(0).path("detail").path("mode").asText())
          .isEqualTo("enforce");

      clock.advance(java.time.Duration.ofMillis(2_100));
      assertThat(verifyFrom(server, good, "198.51.100.66").json().path("valid").asBoolean())
          .isTrue();
    }
  }

  @Test
  void reportOnly_refusesNothing_butRecordsWhatItWouldHaveDone() throws Exception {
    try (TestServer server =
        TestServer.start(
            Map.of(ConfigKey.GUESSING_LIMIT, "5", ConfigKey.ANOMALY_GUESSING, "report_only"))) {
      String good = server.createToken("victim");
      for (int i = 0; i < 10; i++) {
        assertThat(verifyFrom(server, "vs1.forged" + i, "198.51.100.66").text("reason"))
            .isIn("MALFORMED", "TAMPERED");
      }
      assertThat(verifyFrom(server, good, "198.51.100.66").json().path("valid").asBoolean())
          .isTrue();
      Reply anomalies = server.get("/v1/events?type=anomaly.detected");
      assertThat(anomalies.json().path("events").size()).isEqualTo(1);
      var detail = anomalies.json().path("events").get(0).path("detail");
      assertThat(detail.path("rule").asText()).isEqualTo("token_guessing");
      assertThat(detail.path("mode").asText()).isEqualTo("report_only");
      assertThat(detail.path("would").asText()).contains("THROTTLED").contains("198.51.100.66");
      assertThat(server.get("/v1/events?reason=THROTTLED").json().path("events").size()).isZero();
      assertThat(server.get("/metrics").raw().body())
          .contains("vigil_anomalies_total{mode=\"report_only\",rule=\"token_guessing\"} 1.0");
    }
  }

  @Test
  void coolDown_endsByTheServiceClock_notByTimePassingOnTheMachine() throws Exception {
    // a loaded machine between two requests must neither shorten nor lengthen a cool-down: it
    // ends when the service's clock says so, which here does not move while real time passes
    MutableClock clock = new MutableClock(java.time.Instant.now());
    try (TestServer server =
        TestServer.start(
            Map.of(ConfigKey.GUESSING_LIMIT, "2", ConfigKey.GUESSING_COOLDOWN, "PT1S"), clock)) {
      String good = server.createToken("victim");
      for (int i = 0; i < 3; i++) {
        verifyFrom(server, "vs1.forged" + i, "198.51.100.66");
      }
      Thread.sleep(1_300);
      assertThat(verifyFrom(server, good, "198.51.100.66").text("reason")).isEqualTo("THROTTLED");
      clock.advance(java.time.Duration.ofMillis(1_100));
      assertThat(verifyFrom(server, good, "198.51.100.66").json().path("valid").asBoolean())
          .isTrue();
    }
  }

  private static Reply verifyFrom(TestServer server, String token, String ip) {
    return server.post("/v1/sessions/verify", Map.of("token", token, "client", Map.of("ip", ip)));
  }
}
