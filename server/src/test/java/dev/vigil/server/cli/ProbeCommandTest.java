package dev.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.server.Eventually;
import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code vigil probe} as an assessor runs it: against a real server every check passes (the HSTS
 * check skipped over plain HTTP on loopback) and nothing it made is left behind; against a fake
 * target that accepts every token, lacks the pages' headers or redirects elsewhere, the right
 * checks fail (exit 1); the request budget stops a run (exit 2) and is never exceeded; usage, an
 * unreachable target and a refused key exit 2. No output ever holds the key or a token.
 */
class ProbeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TOKEN = Pattern.compile("vs1\\.[a-z0-9]+\\.");

  @Test
  void probe_realServer_everyCheckPasses_exit0_andLeavesNothingBehind() throws Exception {
    try (TestServer server =
        TestServer.start(
            Map.of(
                ConfigKey.ROTATE_AFTER, "PT1S",
                ConfigKey.ROTATION_GRACE, "PT0S",
                ConfigKey.HEADER_TIMEOUT, "PT1S"))) {
      String base = "http://127.0.0.1:" + server.uri("/").getPort();

      CliRun r = run("probe", base, "--api-key", TestServer.ADMIN_KEY, "--format", "json");

      assertThat(r.code()).as(r.out() + r.err()).isZero();
      JsonNode doc = JSON.readTree(r.out());
      Map<String, String> outcomes = outcomes(doc);
      assertThat(outcomes)
          .as(r.out())
          .containsOnlyKeys(
              "transport.hsts",
              "api.www_authenticate",
              "page.headers",
              "page.cookies",
              "signin.fixation",
              "page.logout",
              "token.tampered",
              "token.truncated",
              "token.reencoded",
              "token.forged",
              "session.superseded",
              "session.logout",
              "session.idle",
              "session.reuse",
              "signin.enumeration",
              "input.hostile",
              "http.slow_head",
              "throttle.guessing",
              "probe.cleanup");
      Map<String, String> notPassed = new HashMap<>(outcomes);
      notPassed.values().removeIf("PASS"::equals);
      assertThat(notPassed).as(r.out()).containsExactly(Map.entry("transport.hsts", "SKIP"));
      assertThat(doc.path("requests").asInt()).isBetween(100, 500);
      assertThat(doc.path("max_requests").asInt()).isEqualTo(500);
      assertThat(r.out()).doesNotContain(TestServer.ADMIN_KEY).doesNotContainPattern(TOKEN);

      String subject = doc.path("subject").asText();
      assertThat(subject).startsWith("vigil-probe-");
      assertThat(server.get("/v1/subjects/" + subject + "/sessions").json().path("sessions"))
          .isEmpty();
      Matcher account = Pattern.compile("\\((usr_[^)]+)\\)").matcher(doc.path("account").asText());
      assertThat(account.find()).as(doc.path("account").asText()).isTrue();
      assertThat(server.get("/v1/users/" + account.group(1)).status()).isEqualTo(404);
      assertThat(
              server.get("/v1/subjects/" + account.group(1) + "/sessions").json().path("sessions"))
          .isEmpty();
    }
  }

  @Test
  void probe_sessionsOnlyKey_devCookies_skipsWhatItCannotDo_warnsOnCookies_exit0()
      throws Exception {
    try (TestServer server = TestServer.start(Map.of(ConfigKey.DEV_INSECURE_COOKIES, "true"))) {
      String base = "http://127.0.0.1:" + server.uri("/").getPort();
      String key =
          run(
                  "apikey",
                  "create",
                  "--name",
                  "probe-sessions",
                  "--scope",
                  "sessions",
                  "--data",
                  server.data().toString())
              .out()
              .strip();
      Eventually.until("the server has loaded the new key", () -> health(server, key) == 200);

      CliRun r = run("probe", base, "--api-key", key, "--format", "json");

      assertThat(r.code()).as(r.out() + r.err()).isZero();
      JsonNode doc = JSON.readTree(r.out());
      Map<String, String> notPassed = outcomes(doc);
      notPassed.values().removeIf("PASS"::equals);
      assertThat(notPassed)
          .as(r.out())
          .containsOnly(
              Map.entry("transport.hsts", "SKIP"),
              Map.entry("page.cookies", "WARN"),
              Map.entry("signin.fixation", "SKIP"),
              Map.entry("page.logout", "SKIP"),
              Map.entry("signin.enumeration", "SKIP"),
              Map.entry("session.reuse", "SKIP"),
              Map.entry("http.slow_head", "SKIP"));
      assertThat(doc.path("settings").asText()).contains("scope admin");
      assertThat(doc.path("account").isNull()).isTrue();
      assertThat(r.out()).doesNotContain(key).doesNotContainPattern(TOKEN);
    }
  }

  private static int health(TestServer server, String key) {
    return server
        .send(
            java.net.http.HttpRequest.newBuilder(server.uri("/v1/sessions/verify"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"token\":\"x\"}"))
                .build())
        .status();
  }

  @Test
  void probe_targetAcceptingEveryTokenWithBarePages_failsThoseChecks_exit1() throws Exception {
    try (Fake fake = Fake.careless()) {
      CliRun r = run("probe", fake.base(), "--api-key", "probe-test-key-0123456789abcdef");

      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
      assertThat(r.out())
          .containsPattern("FAIL  token\\.tampered +Tampered tokens refused as TAMPERED")
          .containsPattern("FAIL  token\\.truncated ")
          .containsPattern("FAIL  token\\.reencoded ")
          .containsPattern("FAIL  token\\.forged ")
          .containsPattern("FAIL  page\\.headers [^\\n]*\\n.*\\n +seen: no Content-Security-Policy")
          .containsPattern("FAIL  page\\.cookies [^\\n]*\\n.*\\n +seen: vigil-csrf lacks HttpOnly")
          .containsPattern("FAIL  throttle\\.guessing [^\\n]*\\n.*\\n +seen: no THROTTLED after 35")
          .containsPattern(
              "FAIL  http\\.slow_head [^\\n]*\\n.*\\n +seen: the connection was still open")
          .containsPattern("SKIP  signin\\.fixation [^\\n]*\\n.*\\n +skipped: the API key may not")
          .containsPattern("SKIP  session\\.idle ")
          .containsPattern("PASS  probe\\.cleanup ");
      assertThat(r.out()).doesNotContain("probe-test-key-0123456789abcdef");
      assertThat(fake.paths())
          .contains("POST /v1/subjects/" + subject(r.out()) + "/sessions/revoke");
    }
  }

  @Test
  void probe_redirectToAnotherHost_isNotFollowed_checkFails() throws Exception {
    try (Fake fake = Fake.careless()) {
      fake.route(
          "GET /login",
          e -> reply(e, 302, Map.of("Location", "http://elsewhere.invalid/login"), ""));

      CliRun r = run("probe", fake.base(), "--api-key", "probe-test-key-0123456789abcdef");

      assertThat(r.code()).isEqualTo(1);
      assertThat(r.out())
          .containsPattern(
              "FAIL  page\\.headers [^\\n]*\\n.*\\n +seen: GET /login -> 302 to"
                  + " http://elsewhere\\.invalid/login, off the target http://127\\.0\\.0\\.1:\\d+;"
                  + " not followed");
      assertThat(fake.paths()).allMatch(p -> !p.contains("elsewhere"));
    }
  }

  @Test
  void probe_budget_stopsTheRun_exit2_neverSendsMore() throws Exception {
    try (Fake fake = Fake.careless()) {
      CliRun r =
          run(
              "probe",
              fake.base(),
              "--api-key",
              "probe-test-key-0123456789abcdef",
              "--max-requests",
              "12");

      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
      assertThat(r.out())
          .contains("STOPPED: the request budget is spent")
          .contains("of at most 12");
      assertThat(fake.requests()).isLessThanOrEqualTo(12);
      assertThat(fake.paths().getLast()).startsWith("POST /v1/subjects/vigil-probe-");
    }
  }

  @Test
  void probe_badUsage_unreachable_orRefusedKey_exit2() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertThat(run("probe", "ftp://example.com", "--api-key", "k").code()).isEqualTo(2);
    assertThat(run("probe", "http://127.0.0.1:1", "--format", "xml", "--api-key", "k").code())
        .isEqualTo(2);
    assertThat(run("probe", "http://127.0.0.1:1", "--api-key", "k", "--max-requests", "3").code())
        .isEqualTo(2);
    CliRun unreachable = run("probe", "http://127.0.0.1:" + closed, "--api-key", "k");
    assertThat(unreachable.code()).isEqualTo(2);
    assertThat(unreachable.err()).contains("vigil probe: cannot reach http://127.0.0.1:" + closed);
    try (Fake fake = Fake.careless()) {
      fake.route("GET /v1/admin/config", e -> reply(e, 401, Map.of(), ""));
      CliRun refused = run("probe", fake.base(), "--api-key", "probe-test-key-0123456789abcdef");
      assertThat(refused.code()).isEqualTo(2);
      assertThat(refused.err()).contains("the API key is refused (401)");
      assertThat(fake.requests()).isEqualTo(2);
    }
  }

  private static String subject(String text) {
    Matcher m = Pattern.compile("subject (vigil-probe-[0-9a-f]+)").matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return m.group(1);
  }

  private static Map<String, String> outcomes(JsonNode doc) {
    Map<String, String> m = new HashMap<>();
    doc.path("checks").forEach(c -> m.put(c.path("id").asText(), c.path("status").asText()));
    return m;
  }

  /**
   * A careless target on a free port: alive, configuration unknown (404), sessions made with a
   * fixed token, every verification valid, accounts refused (403), a bare sign-in page without
   * security headers whose cookie has no flags, anything else 404. Counts every request.
   */
  static final class Fake implements AutoCloseable {
    private static final String TOKEN = "vs1.k1." + "A".repeat(70) + "." + "A".repeat(43);

    private final HttpServer server;
    private final Map<String, Handler> routes = Collections.synchronizedMap(new HashMap<>());
    private final List<String> paths = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger requests = new AtomicInteger();

    interface Handler {
      void handle(HttpExchange e) throws IOException;
    }

    private Fake() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          e -> {
            requests.incrementAndGet();
            String key = e.getRequestMethod() + " " + e.getRequestURI().getPath();
            paths.add(key);
            byte[] body = e.getRequestBody().readAllBytes();
            Handler h = routes.get(key);
            if (h == null && key.startsWith("POST /v1/subjects/")) {
              h = x -> reply(x, 200, Map.of("Content-Type", "application/json"), "{\"revoked\":0}");
            }
            if (key.equals("POST /v1/sessions")
                && new String(body, StandardCharsets.UTF_8).contains("idle_timeout")) {
              h = x -> reply(x, 400, Map.of(), "{\"detail\":\"no\"}");
            }
            (h == null ? (Handler) x -> reply(x, 404, Map.of(), "") : h).handle(e);
          });
      server.start();
    }

    static Fake careless() throws IOException {
      Fake f = new Fake();
      Map<String, String> json = Map.of("Content-Type", "application/json");
      f.route("GET /health/live", e -> reply(e, 200, Map.of(), "ok"));
      // says it cuts slow request heads after a second; the JDK's server does not
      f.route(
          "GET /v1/admin/config",
          e -> reply(e, 200, json, "{\"transport\":{\"header_timeout\":\"PT1S\"}}"));
      f.route(
          "POST /v1/sessions",
          e -> reply(e, 201, json, "{\"token\":\"" + TOKEN + "\",\"session\":{}}"));
      f.route("POST /v1/sessions/verify", e -> reply(e, 200, json, "{\"valid\":true}"));
      f.route("POST /v1/users", e -> reply(e, 403, json, "{}"));
      f.route(
          "GET /login",
          e ->
              reply(
                  e,
                  200,
                  Map.of("Set-Cookie", "vigil-csrf=abc; Path=/", "Content-Type", "text/html"),
                  "<form><input name=\"csrf\" value=\"x\"></form>"));
      return f;
    }

    void route(String key, Handler h) {
      routes.put(key, h);
    }

    String base() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int requests() {
      return requests.get();
    }

    List<String> paths() {
      synchronized (paths) {
        return List.copyOf(paths);
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private static void reply(HttpExchange e, int status, Map<String, String> headers, String body)
      throws IOException {
    headers.forEach((k, v) -> e.getResponseHeaders().add(k, v));
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    e.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      e.getResponseBody().write(b);
    }
    e.close();
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }
}
