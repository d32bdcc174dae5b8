package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
import dev.vigil.id.EventId;
import dev.vigil.id.IncidentId;
import dev.vigil.id.Subject;
import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.DataDirectory;
import dev.vigil.server.TestServer;
import dev.vigil.store.sqlite.SqliteAuditLog;
import dev.vigil.store.sqlite.SqliteDatabase;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code GET /v1/stats/invalid}: refusals written into the log 150, 90, 30 and 5 minutes before the
 * server starts, then two refused over HTTP (MALFORMED, REVOKED) just after. The class must run
 * within a minute of its start for the bucket numbers to hold.
 */
class StatsApiTest {
  private static final String LONG_UA = "Mozilla/5.0 (X11; Linux x86_64) " + "x".repeat(250);
  private static final String ALICE_IP = "198.51.100.7";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    Path data = dev.vigil.testkit.TempPaths.directory("vigil-stats-test");
    Instant t0 = Instant.now();
    List<Event> earlier = new ArrayList<>();
    for (int i = 0; i < 22; i++) {
      for (int n = 0; n < 3; n++) {
        earlier.add(
            refused(t0.minus(Duration.ofMinutes(150)), "TAMPERED", "s%02d".formatted(i), null));
      }
    }
    earlier.add(refused(t0.minus(Duration.ofMinutes(90)), "EXPIRED_IDLE", "old", "ua-old"));
    earlier.add(
        refused(t0.minus(Duration.ofMinutes(30)), "EXPIRED_IDLE", "alice", LONG_UA + 1, ALICE_IP));
    earlier.add(
        refused(
            t0.minus(Duration.ofMinutes(30)), "EXPIRED_ABSOLUTE", "alice", LONG_UA + 2, ALICE_IP));
    earlier.add(refused(t0.minus(Duration.ofMinutes(5)), "EXPIRED_IDLE", "bob", null));
    try (SqliteDatabase db = SqliteDatabase.open(data.resolve(DataDirectory.DATABASE))) {
      new SqliteAuditLog(db).appendAll(earlier);
    }
    server = TestServer.start(data, Map.of());
    server.post(
        "/v1/sessions/verify",
        Map.of("token", "garbage", "client", Map.of("ip", "203.0.113.9", "user_agent", "curl/8")));
    String token = server.createToken("carol");
    server.post("/v1/sessions/revoke", Map.of("token", token));
    server.verify(token);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void defaults_lastHourByReason_inMinuteBuckets() {
    Reply r = server.get("/v1/stats/invalid");

    assertThat(r.status()).isEqualTo(200);
    JsonNode j = r.json();
    assertThat(j.path("window").asText()).isEqualTo("PT1H");
    assertThat(j.path("by").asText()).isEqualTo("reason");
    assertThat(j.path("bucket").asText()).isEqualTo("PT1M");
    Instant from = Instant.parse(j.path("from").asText());
    Instant until = Instant.parse(j.path("until").asText());
    assertThat(Duration.between(from, until)).isEqualTo(Duration.ofHours(1));
    assertThat(until.getNano()).isZero();
    assertThat(j.path("total").asLong()).isEqualTo(5);
    assertThat(series(j))
        .containsExactly(
            Map.entry("EXPIRED_IDLE", Map.of(29, 1L, 54, 1L)),
            Map.entry("EXPIRED_ABSOLUTE", Map.of(29, 1L)),
            Map.entry("MALFORMED", Map.of(59, 1L)),
            Map.entry("REVOKED", Map.of(59, 1L)));
    j.path("series").forEach(s -> assertThat(s.path("counts")).hasSize(60));
  }

  @Test
  void twoHoursInFourBuckets_placesEachRefusalInItsHalfHour() {
    JsonNode j = server.get("/v1/stats/invalid?window=PT2H&buckets=4").json();

    assertThat(j.path("bucket").asText()).isEqualTo("PT30M");
    assertThat(j.path("total").asLong()).isEqualTo(6);
    assertThat(series(j))
        .containsEntry("EXPIRED_IDLE", Map.of(0, 1L, 2, 1L, 3, 1L))
        .containsEntry("EXPIRED_ABSOLUTE", Map.of(2, 1L));
  }

  @Test
  void bySubject_showsTheTop20_thenOther_andNoneForUnauthenticTokens() {
    JsonNode j = server.get("/v1/stats/invalid?window=PT3H&by=subject&buckets=3").json();

    assertThat(j.path("total").asLong()).isEqualTo(66 + 6);
    List<String> keys = new ArrayList<>();
    j.path("series").forEach(s -> keys.add(s.path("key").asText()));
    assertThat(keys).hasSize(21).startsWith("s00", "s01").contains("s19").doesNotContain("s20");
    JsonNode other = j.path("series").get(20);
    assertThat(other.path("key").asText()).isEqualTo("(other)");
    // s20 and s21 (3 each, first hour), then old (second), alice 2, bob, carol, (none) (third)
    assertThat(other.path("total").asLong()).isEqualTo(12);
    assertThat(other.path("counts").toString()).isEqualTo("[6,1,5]");
  }

  @Test
  void byIp_groupsRawAddresses_byClient_groupsUserAgentsByBrowserFamily() {
    // equal totals are ordered by key: "(none)" before digits and letters
    assertThat(totals(server.get("/v1/stats/invalid?by=ip").json()))
        .containsExactly(
            Map.entry("(none)", 2L), Map.entry(ALICE_IP, 2L), Map.entry("203.0.113.9", 1L));
    assertThat(totals(server.get("/v1/stats/invalid?by=client").json()))
        .containsExactly(
            // the default analyzer's (uap's) version-free family of each agent (of the first 200
            // characters of the long one)
            Map.entry("(none)", 2L),
            Map.entry("an unknown client on Linux", 2L),
            Map.entry("curl", 1L));
  }

  @ParameterizedTest
  @CsvSource({
    "window=PT30S, window",
    "window=P32D, window",
    "window=-PT1H, window",
    "window=1h, window",
    "window=PT99999999999999999999H, window",
    "by=browser, by",
    "buckets=0, buckets",
    "buckets=1441, buckets",
    "buckets=-1, buckets",
    "buckets=ten, buckets",
    "buckets=99999999999999999999, buckets",
    "window=PT1H&window=PT2H, window",
    "limit=10, limit",
  })
  void badParameters_are400NamingTheParameter(String query, String field) {
    Reply r = server.get("/v1/stats/invalid?" + query);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.raw().headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(r.text("field")).isEqualTo(field);
  }

  @Test
  void withoutAnApiKey_is401() {
    Reply r =
        server.send(HttpRequest.newBuilder(server.uri("/v1/stats/invalid?window=PT1H")).build());
    assertThat(r.status()).isEqualTo(401);
  }

  /** Each series' key with its non-zero buckets, in the answer's order. */
  private static Map<String, Map<Integer, Long>> series(JsonNode j) {
    Map<String, Map<Integer, Long>> out = new LinkedHashMap<>();
    j.path("series")
        .forEach(
            s -> {
              Map<Integer, Long> counts = new LinkedHashMap<>();
              for (int i = 0; i < s.path("counts").size(); i++) {
                if (s.path("counts").get(i).asLong() != 0) {
                  counts.put(i, s.path("counts").get(i).asLong());
                }
              }
              assertThat(counts.values().stream().mapToLong(Long::longValue).sum())
                  .isEqualTo(s.path("total").asLong());
              out.put(s.path("key").asText(), counts);
            });
    return out;
  }

  private static Map<String, Long> totals(JsonNode j) {
    Map<String, Long> out = new LinkedHashMap<>();
    j.path("series").forEach(s -> out.put(s.path("key").asText(), s.path("total").asLong()));
    return out;
  }

  private static Event refused(Instant at, String reason, String subject, String userAgent) {
    return refused(at, reason, subject, userAgent, null);
  }

  private static Event refused(
      Instant at, String reason, String subject, String userAgent, String ip) {
    return new Event(
        EventId.random(RANDOM),
        at,
        EventType.VERIFY_FAILED,
        Optional.of(new Subject(subject)),
        Optional.empty(),
        Optional.of(reason),
        Optional.of(IncidentId.random(RANDOM)),
        new ClientContext(
            Optional.ofNullable(ip).flatMap(IpAddress::parse), Optional.ofNullable(userAgent)),
        Map.of());
  }
}
