package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.Eventually;
import dev.vigil.server.TestServer;
import dev.vigil.server.api.RawHttp.Answer;
import dev.vigil.server.config.ConfigKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11 §6: the server's limits are configuration, and a client that breaks them gets a 4xx or
 * 503 problem, or a closed connection, within the configured time: never a 500 and never a hang.
 * Spoken over raw sockets, with limits set far from the defaults so that each test also shows the
 * key is read. The timeouts here bound hangs with generous slack; none measures speed.
 */
class HttpLimitsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads that take longer than this are a hang. */
  private static final Duration HANG = Duration.ofSeconds(10);

  /**
   * A byte each 300 ms: never silent for the 1 s idle timeout, so that only the header timeout (2
   * s) can end a head so sent before {@link #HANG}.
   */
  private static final Duration PACE = Duration.ofMillis(300);

  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            Map.of(
                ConfigKey.MAX_HEADER_BYTES, "4096",
                ConfigKey.MAX_BODY_BYTES, "2048",
                ConfigKey.REQUEST_TIMEOUT, "PT2S",
                ConfigKey.HEADER_TIMEOUT, "PT2S",
                ConfigKey.STORE_TIMEOUT, "PT0.5S",
                ConfigKey.IDLE_CONNECTION_TIMEOUT, "PT1S",
                ConfigKey.MAX_CONCURRENT_REQUESTS, "4"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void headersOverTheConfiguredLimit_are431Problem_underIt_areServed() throws IOException {
    assertThat(live("X-Pad: " + "a".repeat(3000)).status()).isEqualTo(200);
    Answer big = live("X-Pad: " + "a".repeat(5000));
    assertThat(big.status()).isEqualTo(431);
    assertProblem(big, 431);
    assertThat(big.body()).contains("4096");
  }

  @Test
  void bodyOverTheConfiguredLimit_is413Problem_forTheApiAndThePages() throws IOException {
    Answer api = post("/v1/sessions/verify", "application/json", json("x".repeat(3000)));
    assertThat(api.status()).isEqualTo(413);
    assertProblem(api, 413);
    assertThat(JSON.readTree(api.body()).path("limit").asInt()).isEqualTo(2048);
    Answer form =
        post("/login", "application/x-www-form-urlencoded", "username=" + "x".repeat(3000));
    assertThat(form.status()).isBetween(400, 499);
  }

  /**
   * A body over the limit is answered 413, and the client may send its next request on the same
   * connection: when the server will not read the rest of the body it says {@code Connection:
   * close}, else it reads the rest and keeps the connection.
   */
  @ParameterizedTest
  @ValueSource(strings = {"/login", "/v1/sessions/verify", "/notice/not-me"})
  void bodyOverTheLimit_is413_andTheNextRequestOnTheClientIsServed(String path) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (int size : new int[] {3_000, 20_000, 70_000, 300_000, 3_000, 70_000}) {
      HttpResponse<String> r =
          http.send(form(path, "t=" + "x".repeat(size)), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("%s bytes", size).isEqualTo(413);
      HttpResponse<String> next =
          http.send(form(path, "t=x"), HttpResponse.BodyHandlers.ofString());
      assertThat(next.statusCode()).as("after %s bytes", size).isBetween(200, 499);
    }
  }

  private static HttpRequest form(String path, String body) {
    return HttpRequest.newBuilder(server.uri(path))
        .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
        .header(
            "Content-Type",
            path.startsWith("/v1") ? "application/json" : "application/x-www-form-urlencoded")
        .header("Origin", "http://127.0.0.1:" + server.uri("/").getPort())
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  @Test
  void slowBody_isCutOffAtTheRequestTimeout_whileOthersAreServed() throws Exception {
    try (RawHttp slow = RawHttp.open(server.uri("/").getPort(), HANG)) {
      slow.send(head("POST", "/v1/sessions/verify", "application/json", 200));
      // one byte each 400 ms: never idle for the 1 s idle timeout
      Thread dribbler = slow.dribble("x".repeat(200), Duration.ofMillis(400));
      assertThat(live("X-Other: 1").status()).as("another client meanwhile").isEqualTo(200);
      long started = System.nanoTime();
      assertThat(slow.endedByServer()).as("the slow request was cut off").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HANG);
      dribbler.interrupt();
    }
    assertThat(live("X-After: 1").status()).isEqualTo(200);
  }

  @Test
  void slowHeaders_areCutOffAtTheHeaderTimeout_whileOthersAreServed() throws Exception {
    try (RawHttp slow = RawHttp.open(server.uri("/").getPort(), HANG)) {
      slow.send("GET /health/live HTTP/1.1\r\nHost: x\r\n");
      Thread dribbler = slow.dribble("X-Slow: " + "y".repeat(200) + "\r\n", PACE);
      assertThat(live("X-Other: 1").status()).as("another client meanwhile").isEqualTo(200);
      assertThat(slow.endedByServer()).as("the slow head was cut off").isTrue();
      dribbler.interrupt();
    }
    assertThat(live("X-After: 1").status()).isEqualTo(200);
    assertThat(server.get("/metrics").raw().body())
        .as("the operator sees it")
        .containsPattern("(?m)^vigil_http_slow_heads_total [1-9]");
  }

  @Test
  void slowRequestLine_onAKeptAliveConnection_isCutOffAtTheHeaderTimeout() throws Exception {
    try (RawHttp slow = RawHttp.open(server.uri("/").getPort(), HANG)) {
      slow.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(slow.read().status()).isEqualTo(200);
      Thread dribbler = slow.dribble("GET /health/live" + "?q=1".repeat(50), PACE);
      assertThat(slow.endedByServer()).as("the second, slow head was cut off").isTrue();
      dribbler.interrupt();
    }
  }

  @Test
  void silentConnection_midHeaders_isClosedAfterTheIdleTimeout() throws IOException {
    try (RawHttp idle = RawHttp.open(server.uri("/").getPort(), HANG)) {
      idle.send("GET /health/live HTTP/1.1\r\nHost: x\r\n");
      assertThat(idle.endedByServer()).isTrue();
    }
  }

  @Test
  void requestsBeyondTheConcurrencyLimit_are503Busy_healthIsExempt() throws Exception {
    List<RawHttp> held = new ArrayList<>();
    try {
      // twice the limit of requests that stay inside, reading a body that never comes: four are
      // inside, four were refused; probing before they all arrived could take a place of theirs
      for (int i = 0; i < 8; i++) {
        RawHttp h = RawHttp.open(server.uri("/").getPort(), HANG);
        held.add(h);
        h.send(head("POST", "/v1/sessions/verify", "application/json", 100) + "{");
      }
      Thread.sleep(500);
      Answer busy = get("/openapi.json");
      assertThat(busy.status()).isEqualTo(503);
      assertThat(busy.header("Retry-After")).hasValue("1");
      assertProblem(busy, 503);
      assertThat(JSON.readTree(busy.body()).path("reason").asText()).isEqualTo("OVERLOADED");
      assertThat(live("X-Probe: 1").status()).isEqualTo(200);
    } finally {
      for (RawHttp h : held) {
        h.close();
      }
    }
    Eventually.until("the places come back", () -> get("/openapi.json").status() == 200);
  }

  @Test
  void connectionsBetweenRequests_andBusyOnes_outliveTheHeaderTimeout() throws Exception {
    try (TestServer strict =
        TestServer.start(
            Map.of(ConfigKey.HEADER_TIMEOUT, "PT1S", ConfigKey.IDLE_CONNECTION_TIMEOUT, "PT10S"))) {
      int port = strict.uri("/").getPort();
      String get = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";
      try (RawHttp quiet = RawHttp.open(port, HANG);
          RawHttp busy = RawHttp.open(port, HANG)) {
        assertThat(quiet.send(get).read().status()).isEqualTo(200);
        long until = System.nanoTime() + Duration.ofMillis(2500).toNanos();
        int served = 0;
        while (System.nanoTime() < until) {
          assertThat(busy.send(get).read().status()).as("request %d", served).isEqualTo(200);
          served++;
        }
        assertThat(quiet.send(get).read().status())
            .as("silent between requests for longer than the header timeout")
            .isEqualTo(200);
      }
    }
  }

  @Test
  void connectionsBeyondTheLimit_areServedOnceIdleOnesAreDropped() throws Exception {
    try (TestServer few =
        TestServer.start(
            Map.of(ConfigKey.MAX_CONNECTIONS, "8", ConfigKey.IDLE_CONNECTION_TIMEOUT, "PT1S"))) {
      int port = few.uri("/").getPort();
      List<RawHttp> held = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          RawHttp h = RawHttp.open(port, HANG);
          held.add(h);
          // kept alive after the answer, then silent
          assertThat(h.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n").read().status())
              .isEqualTo(200);
        }
        try (RawHttp fresh = RawHttp.open(port, Duration.ofMillis(300))) {
          fresh.send("GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
          assertThatThrownBy(fresh::read)
              .as("not served while 8 connections are open")
              .isInstanceOf(SocketTimeoutException.class);
          assertThat(fresh.timeout(HANG).read().status()).isEqualTo(200);
        }
        for (RawHttp h : held) {
          assertThat(h.endedByServer()).as("an idle connection is dropped").isTrue();
        }
      } finally {
        for (RawHttp h : held) {
          h.close();
        }
      }
    }
  }

  private static Answer live(String header) throws IOException {
    return get("/health/live", header);
  }

  private static Answer get(String path) {
    try {
      return get(path, "X-None: 1");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Answer get(String path, String header) throws IOException {
    try (RawHttp c = RawHttp.open(server.uri("/").getPort(), HANG)) {
      return c.send(
              "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + header + "\r\n\r\n")
          .read();
    }
  }

  private static Answer post(String path, String type, String body) throws IOException {
    try (RawHttp c = RawHttp.open(server.uri("/").getPort(), HANG)) {
      return c.send(head("POST", path, type, body.length()) + body).read();
    }
  }

  private static String head(String method, String path, String type, int length) {
    return method
        + " "
        + path
        + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
        + TestServer.ADMIN_KEY
        + "\r\nContent-Type: "
        + type
        + "\r\nContent-Length: "
        + length
        + "\r\n\r\n";
  }

  private static String json(String token) {
    return "{\"token\":\"" + token + "\"}";
  }

  private static void assertProblem(Answer a, int status) throws IOException {
    assertThat(a.header("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith(Problem.MEDIA_TYPE));
    assertThat(JSON.readTree(a.body()).path("status").asInt()).isEqualTo(status);
    assertThat(a.body()).doesNotContain("Exception").doesNotContain("<html");
  }
}
