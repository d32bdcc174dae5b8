package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.testkit.MutableClock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/incidents/{id}} names the clients behind an incident by address and browser family
 * (Yauaa, on the real server): who held which generation of a reused token, and how many tampered
 * tokens one address sent.
 */
class IncidentCauseApiTest {
  private static final String FIREFOX_LINUX =
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
  private static final String CHROME_WINDOWS =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/131.0.0.0 Safari/537.36";
  private static final Map<String, String> LAPTOP =
      Map.of("ip", "198.51.100.7", "user_agent", FIREFOX_LINUX);
  private static final Map<String, String> THIEF =
      Map.of("ip", "203.0.113.9", "user_agent", CHROME_WINDOWS);

  private static final MutableClock CLOCK = new MutableClock(java.time.Instant.now());
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            Map.of(ConfigKey.ROTATE_AFTER, "PT1S", ConfigKey.ROTATION_GRACE, "PT1S"), CLOCK);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void tokenReused_causeNamesBothClientsTheirBrowserFamiliesAndTheGenerations() throws Exception {
    String gen0 =
        server.post("/v1/sessions", Map.of("subject", "victim", "client", LAPTOP)).text("token");
    CLOCK.advance(java.time.Duration.ofMillis(1_100));
    String gen1 = verify(gen0, LAPTOP).text("renewed_token");
    assertThat(verify(gen1, LAPTOP).json().path("valid").asBoolean()).isTrue();
    CLOCK.advance(java.time.Duration.ofMillis(1_100));
    String gen2 = verify(gen1, LAPTOP).text("renewed_token");
    assertThat(verify(gen2, LAPTOP).json().path("valid").asBoolean()).isTrue();
    CLOCK.advance(java.time.Duration.ofMillis(1_100));

    Reply reuse = verify(gen1, THIEF);
    assertThat(reuse.text("reason")).isEqualTo("TOKEN_REUSED");
    Reply incident = server.get("/v1/incidents/" + reuse.text("incident"));

    assertThat(incident.status()).isEqualTo(200);
    JsonNode json = incident.json();
    assertThat(json.path("evidence").path("presented_generation").asText()).isEqualTo("1");
    assertThat(json.path("evidence").path("current_generation").asText()).isEqualTo("2");
    assertThat(json.path("evidence").path("session_family").asText())
        .isEqualTo("Firefox 128 on Linux");
    assertThat(json.path("findings").path("successor_generation").asText()).isEqualTo("2");
    assertThat(json.path("findings").path("exchanged_ip").asText()).isEqualTo("198.51.100.7");
    assertThat(json.path("findings").path("exchanged_family").asText())
        .isEqualTo("Firefox 128 on Linux");
    assertThat(json.path("client").path("ip").asText()).isEqualTo("203.0.113.9");
    assertThat(json.path("client").path("user_agent").asText()).isEqualTo(CHROME_WINDOWS);
    assertThat(json.path("client").path("family").asText()).isEqualTo("Chrome 131 on Windows");
    assertThat(incident.text("cause"))
        .containsPattern(
            "generation 1 of its token was presented from 198\\.51\\.100\\.7 \\(Firefox 128 on"
                + " Linux\\), which received generation 2 in exchange\\. At \\S+ generation 1 was"
                + " presented again from 203\\.0\\.113\\.9 \\(Chrome 131 on Windows\\)")
        .contains("THEFT_SUSPECTED");

    JsonNode timeline = json.path("timeline");
    assertThat(timeline.size()).isGreaterThanOrEqualTo(5);
    for (JsonNode event : timeline) {
      JsonNode client = event.path("client");
      if (client.has("user_agent")) {
        String expected =
            client.path("ip").asText().equals("203.0.113.9")
                ? "Chrome 131 on Windows"
                : "Firefox 128 on Linux";
        assertThat(client.path("family").asText()).as(event.toString()).isEqualTo(expected);
      }
    }
    assertThat(timeline.get(0).path("type").asText()).isEqualTo("session.created");
    assertThat(timeline.get(0).path("client").path("family").asText())
        .isEqualTo("Firefox 128 on Linux");
  }

  @Test
  void tampered_countsTheOtherTamperedTokensFromThatAddressInTheLastHour() {
    String token = server.createToken("forged");
    Map<String, String> script = Map.of("ip", "192.0.2.44", "user_agent", "curl/8.5.0");
    Map<String, String> neighbour = Map.of("ip", "192.0.2.45");
    Reply last = null;
    for (int i = 1; i <= 4; i++) {
      last = verify(altered(token, i), script);
      assertThat(last.text("reason")).isEqualTo("TAMPERED");
    }
    assertThat(verify(altered(token, 5), neighbour).text("reason")).isEqualTo("TAMPERED");

    Reply incident = server.get("/v1/incidents/" + last.text("incident"));

    assertThat(incident.json().path("findings").path("tampered_from_ip_last_hour").asText())
        .isEqualTo("3");
    assertThat(incident.text("cause"))
        .contains("In the 1 hour before, 3 other tampered tokens came from 192.0.2.44");
    // the default analyzer's (uap's) name for it
    assertThat(incident.json().path("client").path("family").asText()).isEqualTo("curl 8");
  }

  private static Reply verify(String token, Map<String, String> client) {
    return server.post("/v1/sessions/verify", Map.of("token", token, "client", client));
  }

  /** {@code token} with the character {@code 10 + n} from its end changed: still well-formed. */
  private static String altered(String token, int n) {
    int i = token.length() - 10 - n;
    return token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);
  }
}
