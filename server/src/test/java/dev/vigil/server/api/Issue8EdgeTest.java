package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.access.ApiKeys;
import dev.vigil.access.Scope;
import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.store.sqlite.SqliteApiKeyStore;
import dev.vigil.store.sqlite.SqliteDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 8, part 3: one HTTP edge for every answer. Unknown query parameters are refused on every
 * endpoint; what Jetty refuses is a problem too; a wrong method is 405 with Allow; refusals of API
 * keys carry WWW-Authenticate and are recorded; a busy store answers 503 quickly.
 */
class Issue8EdgeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(Map.of(ConfigKey.STORE_TIMEOUT, "PT1S"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /v1/subjects/alice/sessions?foo=1",
        "GET /v1/sessions/ses_AAAAAAAAAAAAAAAAAAAAAA?foo=1",
        "GET /v1/audit/verify?foo=1",
        "GET /v1/webhooks?foo=1",
        "POST /v1/sessions?foo=1",
        "POST /v1/sessions/verify?foo=1",
        "POST /v1/auth/login?foo=1",
        "GET /health/ready?foo=1"
      })
  void unknownQueryParameter_is400NamingIt(String call) {
    String[] parts = call.split(" ");
    Reply r =
        parts[0].equals("GET")
            ? server.get(parts[1])
            : server.post(parts[1], Map.of("subject", "alice"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text("field")).isEqualTo("foo");
    assertThat(r.raw().headers().firstValue("Content-Type")).contains(Problem.MEDIA_TYPE);
  }

  @Test
  void knownParameterTwice_is400() {
    assertThat(server.get("/v1/events?limit=1&limit=2").text("field")).isEqualTo("limit");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /v1/sessions/ses_%00 HTTP/1.1",
        "GET /v1/subjects/%FF%FE/sessions HTTP/1.1",
        "GET /v1/sessions/ses_%u0041 HTTP/1.1",
        "GET /v1/sessions/%zz HTTP/1.1",
        "GARBAGE",
        "GET /v1/events HTTP/9.9"
      })
  void whatJettyRefuses_isAProblem_thatNeverEchoesTheUri(String line) throws IOException {
    Raw r =
        raw(
            line
                + "\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
                + TestServer.ADMIN_KEY
                + "\r\n\r\n");
    assertThat(r.status()).isBetween(400, 505).isNotEqualTo(500);
    assertThat(r.head()).containsIgnoringCase("content-type: application/problem+json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("status").asInt()).isEqualTo(r.status());
    assertThat(body.path("type").asText()).startsWith("urn:vigil:problem:");
    assertThat(r.body()).doesNotContain("%FF").doesNotContain("subjects").doesNotContain("<html");
  }

  @Test
  void headersOver8KiB_are431Problem() throws IOException {
    Raw r =
        raw(
            "GET /v1/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: "
                + "a".repeat(9000)
                + "\r\n\r\n");
    assertThat(r.status()).isEqualTo(431);
    assertThat(JSON.readTree(r.body()).path("status").asInt()).isEqualTo(431);
  }

  @Test
  void brokenChunkedBody_is400_not500() throws IOException {
    Raw r =
        raw(
            "POST /v1/sessions HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
                + TestServer.ADMIN_KEY
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "zz\r\n{}\r\n0\r\n\r\n");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.head()).containsIgnoringCase("application/problem+json");
  }

  @Test
  void wrongMethod_is405WithAllow() {
    Reply put =
        server.send(
            HttpRequest.newBuilder(server.uri("/v1/sessions/ses_AAAAAAAAAAAAAAAAAAAAAA"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(put.status()).isEqualTo(405);
    assertThat(put.raw().headers().firstValue("Allow").orElseThrow().split(", "))
        .containsExactlyInAnyOrder("GET", "DELETE");
    assertThat(put.raw().headers().firstValue("Content-Type")).contains(Problem.MEDIA_TYPE);
    Reply get = server.get("/v1/sessions");
    assertThat(get.status()).isEqualTo(405);
    assertThat(get.raw().headers().firstValue("Allow")).contains("POST");
    assertThat(server.get("/v1/no-such-thing").status()).isEqualTo(404);
  }

  @Test
  void refusedKeys_carryWwwAuthenticate_asRfc6750Says() {
    Reply none = server.send(HttpRequest.newBuilder(server.uri("/v1/events")).GET().build());
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer");
    Reply unknown = as("vk1_not-a-key-of-this-deployment-at-all-00000", "/v1/events");
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.raw().headers().firstValue("WWW-Authenticate"))
        .contains("Bearer error=\"invalid_token\"");
    String narrow = narrowKey("edge-narrow");
    Reply scope = as(narrow, "/v1/events");
    assertThat(scope.status()).isEqualTo(403);
    assertThat(scope.raw().headers().firstValue("WWW-Authenticate"))
        .contains("Bearer error=\"insufficient_scope\", scope=\"audit\"");
  }

  @Test
  void refusedCalls_areEvents_namingTheKeyNeverItsText_rateLimited() {
    String narrow = narrowKey("edge-refused");
    as(narrow, "/v1/stats/invalid");
    String secret = "vk1_flood-of-unknown-keys-000000000000000000";
    for (int i = 0; i < 60; i++) {
      as(secret, "/v1/events");
    }
    JsonNode events = server.get("/v1/events?type=api.refused&limit=1000").json().path("events");
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.path("reason").asText()).isEqualTo("INSUFFICIENT_SCOPE");
              assertThat(e.path("detail").path("key").asText()).isEqualTo("edge-refused");
              assertThat(e.path("detail").path("route").asText())
                  .isEqualTo("GET /v1/stats/invalid");
              assertThat(e.path("detail").path("missing_scope").asText()).isEqualTo("audit");
            });
    assertThat(events.toString()).doesNotContain(secret).doesNotContain(narrow);
    assertThat(events.size())
        .as("a flood of 60 is recorded at most as the burst allows")
        .isLessThanOrEqualTo(ApiRefusals.BURST + 10);
  }

  @Test
  void busyStore_answers503Retry_withinTheStoreTimeout() throws Exception {
    try (Connection lock =
            DriverManager.getConnection(
                "jdbc:sqlite:" + server.data().resolve("vigil.db").toAbsolutePath());
        Statement st = lock.createStatement()) {
      st.execute("PRAGMA busy_timeout = 0");
      st.execute("BEGIN EXCLUSIVE");
      long start = System.nanoTime();
      Reply r = server.post("/v1/sessions", Map.of("subject", "busy-store"));
      long ms = (System.nanoTime() - start) / 1_000_000;
      st.execute("ROLLBACK");
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.text("reason")).isEqualTo("STORE_UNAVAILABLE");
      assertThat(r.raw().headers().firstValue("Retry-After")).isPresent();
      assertThat(ms).as("waited %d ms with store_timeout PT1S", ms).isLessThan(5_000);
    }
    assertThat(server.post("/v1/sessions", Map.of("subject", "busy-store")).status())
        .isEqualTo(201);
  }

  /** A key with scope sessions only, created in the store as {@code vigil apikey create} does. */
  private static String narrowKey(String name) {
    try (SqliteDatabase db = SqliteDatabase.open(server.data().resolve("vigil.db"))) {
      return new ApiKeys(new SqliteApiKeyStore(db), java.time.Clock.systemUTC())
          .create(name, java.util.Set.of(Scope.SESSIONS))
          .orElseThrow()
          .text();
    }
  }

  private static Reply as(String key, String path) {
    return server.send(
        HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + key).build());
  }

  private record Raw(int status, String head, String body) {}

  private static Raw raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.uri("/").getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int split = all.indexOf("\r\n\r\n");
      String head = split < 0 ? all : all.substring(0, split);
      String body = split < 0 ? "" : all.substring(split + 4);
      int status = Integer.parseInt(head.split(" ", 3)[1]);
      return new Raw(status, head, body);
    }
  }
}
