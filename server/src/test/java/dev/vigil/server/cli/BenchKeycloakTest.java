package dev.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code vigil bench --peer keycloak} against a small stand-in that answers as Keycloak's OpenID
 * Connect and admin endpoints do (form bodies, HTTP Basic client authentication, refresh tokens
 * used once, introspection, the admin API's session list and logout): the harness authenticates as
 * the client on every call, presents each refresh token once, counts inactive introspections as
 * errors, measures the session list and logout, and logs out every session it made. The real
 * comparison runs against Keycloak itself: {@code bench/keycloak-compare.sh}.
 */
class BenchKeycloakTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "client-secret-1";
  private static final String PASSWORD = "alice password";
  private static final String ADMIN_PASSWORD = "admin password";

  private HttpServer server;
  private String url;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicInteger reused = new AtomicInteger();
  private final AtomicInteger unauthenticated = new AtomicInteger();

  /** As Keycloak 26.7.3 with 20,000 sessions: the user logout fails, and its database with it. */
  private volatile boolean broken;

  private volatile boolean failLogout;

  /** One Keycloak session: its user, the one refresh token that is current, whether it is live. */
  private static final class Session {
    final String user;
    volatile String refresh;
    volatile boolean live = true;

    Session(String user, String refresh) {
      this.user = user;
      this.refresh = refresh;
    }
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", this::answer);
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void verifyRotateSignin_useTheClient_presentEachRefreshTokenOnce_andLogEverySessionOut()
      throws Exception {
    CliRun r =
        run(
            "--username",
            "alice",
            "--scenarios",
            "verify,rotate,signin",
            "-c",
            "3",
            "-d",
            "PT1S",
            "-w",
            "PT0.2S",
            "--format",
            "json");
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    JsonNode doc = JSON.readTree(r.out());
    assertThat(doc.path("peer").asText()).isEqualTo("keycloak");
    List<String> names = new ArrayList<>();
    for (JsonNode one : doc.path("results")) {
      names.add(one.path("scenario").asText());
      assertThat(one.path("requests").asLong()).as(one.toString()).isPositive();
      assertThat(one.path("errors").asLong()).as(one.toString()).isZero();
      assertThat(one.path("ratio_to_live").asDouble()).isPositive();
    }
    assertThat(names).containsExactly("live", "verify", "rotate", "signin", "live");
    assertThat(doc.path("results").get(1).path("what").asText()).endsWith("/token/introspect");
    assertThat(unauthenticated).as("calls without the client's credentials").hasValue(0);
    assertThat(reused).as("refresh tokens presented twice").hasValue(0);
    assertThat(sessions.values().stream().filter(s -> s.live))
        .as("sessions the run left live")
        .isEmpty();
    assertThat(sessions).hasSizeGreaterThan(6);
  }

  @Test
  void sessions_timesTheAdminListAndLogout_andChecksATokenAfter() throws Exception {
    CliRun r =
        run(
            "--username",
            "alice",
            "--admin-username",
            "admin",
            "--admin-password",
            ADMIN_PASSWORD,
            "--scenarios",
            "sessions",
            "--sessions",
            "40",
            "-c",
            "4",
            "--format",
            "json");
    assertThat(r.code()).as(r.err() + r.out()).isEqualTo(0);
    JsonNode s = JSON.readTree(r.out()).path("sessions");
    assertThat(s.path("created").asInt()).isEqualTo(40);
    assertThat(s.path("listed").asInt())
        .as("the check's own session is logged out first")
        .isEqualTo(40);
    assertThat(s.path("ended").asInt()).isEqualTo(40);
    assertThat(s.path("refused_after").asBoolean()).isTrue();
    assertThat(s.path("list_seconds").asDouble()).isPositive();
    assertThat(JSON.readTree(r.out()).path("results").size())
        .as("no baseline for sessions alone")
        .isZero();
  }

  @Test
  void sessions_whenTheLogoutFailsAndTakesTheServerDown_reportsWhatWasMeasured() throws Exception {
    failLogout = true;
    CliRun r =
        run(
            "--username",
            "alice",
            "--admin-username",
            "admin",
            "--admin-password",
            ADMIN_PASSWORD,
            "--scenarios",
            "sessions",
            "--sessions",
            "10",
            "-c",
            "2",
            "--format",
            "json");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    JsonNode s = JSON.readTree(r.out()).path("sessions");
    assertThat(s.path("listed").asInt()).isEqualTo(10);
    assertThat(s.path("ended").asInt()).isZero();
    assertThat(s.path("refused_after").asBoolean()).isFalse();
    assertThat(s.path("problems").toString())
        .contains("the logout answered 500")
        .contains("could not be listed")
        .contains("was not refused (500)");
  }

  @Test
  void refusesWrongCredentials_scenariosWithoutACounterpart_andMissingOptions() {
    CliRun wrong =
        CliRun.of(
            "bench",
            url,
            "--peer",
            "keycloak",
            "--realm",
            "bench",
            "--client-id",
            "bench-client",
            "--client-secret",
            "not-the-secret",
            "--username",
            "alice",
            "--password",
            PASSWORD,
            "-d",
            "PT1S",
            "-w",
            "PT0S",
            "--scenarios",
            "verify");
    assertThat(wrong.code()).isEqualTo(2);
    assertThat(wrong.err())
        .contains("password grant answered 401")
        .doesNotContain("not-the-secret");
    CliRun mix = run("--username", "alice", "--scenarios", "mix");
    assertThat(mix.code()).isEqualTo(2);
    assertThat(mix.err()).contains("mix has no counterpart on keycloak");
    CliRun noRealm =
        CliRun.of(
            "bench",
            url,
            "--peer",
            "keycloak",
            "--client-id",
            "c",
            "--client-secret",
            "s",
            "--username",
            "u",
            "--password",
            "p");
    assertThat(noRealm.code()).isEqualTo(2);
    assertThat(noRealm.err()).contains("--realm is required");
    CliRun noSessionsAdmin =
        run("--username", "alice", "--scenarios", "sessions", "--sessions", "3");
    assertThat(noSessionsAdmin.code()).isNotZero();
    assertThat(noSessionsAdmin.err()).contains("--admin-username");
    assertThat(CliRun.of("bench", url, "--peer", "nope", "--api-key", "k").code()).isEqualTo(2);
  }

  private CliRun run(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bench",
                url,
                "--peer",
                "keycloak",
                "--realm",
                "bench",
                "--client-id",
                "bench-client",
                "--client-secret",
                SECRET,
                "--password",
                PASSWORD));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  // ---- the stand-in ----

  private void answer(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getPath();
      Map<String, String> form = form(x);
      if (broken) {
        send(x, 500, error("The database has been closed"));
        return;
      }
      String oidc = "/realms/bench/protocol/openid-connect";
      if (path.equals("/realms/bench")) {
        send(x, 200, Map.of("realm", "bench"));
      } else if (path.equals("/realms/master/protocol/openid-connect/token")) {
        boolean ok =
            "admin-cli".equals(form.get("client_id"))
                && "admin".equals(form.get("username"))
                && ADMIN_PASSWORD.equals(form.get("password"));
        send(x, ok ? 200 : 401, ok ? Map.of("access_token", "admin-token") : error("invalid"));
      } else if (path.startsWith(oidc) && !clientAuthenticated(x)) {
        unauthenticated.incrementAndGet();
        send(x, 401, error("unauthorized_client"));
      } else if (path.equals(oidc + "/token")) {
        token(x, form);
      } else if (path.equals(oidc + "/token/introspect")) {
        Session s = sessions.get(form.getOrDefault("token", "").replace("at-", ""));
        send(x, 200, Map.of("active", s != null && s.live));
      } else if (path.equals(oidc + "/logout")) {
        Session s = bySessionOf(form.getOrDefault("refresh_token", ""));
        if (s != null) {
          s.live = false;
        }
        x.sendResponseHeaders(204, -1);
      } else if (path.startsWith("/admin/realms/bench/")) {
        admin(x, path);
      } else {
        send(x, 404, error("not found"));
      }
    }
  }

  private void token(HttpExchange x, Map<String, String> form) throws IOException {
    switch (form.getOrDefault("grant_type", "")) {
      case "password" -> {
        if (!PASSWORD.equals(form.get("password"))) {
          send(x, 401, error("invalid_grant"));
          return;
        }
        String id = "s" + ids.incrementAndGet();
        sessions.put(id, new Session(form.get("username"), id + ".r0"));
        send(x, 200, Map.of("access_token", "at-" + id, "refresh_token", id + ".r0"));
      }
      case "refresh_token" -> {
        String presented = form.getOrDefault("refresh_token", "");
        Session s = bySessionOf(presented);
        if (s == null || !s.live || !presented.equals(s.refresh)) {
          reused.incrementAndGet();
          send(x, 400, error("invalid_grant"));
          return;
        }
        String id = presented.substring(0, presented.indexOf('.'));
        s.refresh = id + ".r" + ids.incrementAndGet();
        send(x, 200, Map.of("access_token", "at-" + id, "refresh_token", s.refresh));
      }
      default -> send(x, 400, error("unsupported_grant_type"));
    }
  }

  private void admin(HttpExchange x, String path) throws IOException {
    if (!"Bearer admin-token".equals(x.getRequestHeaders().getFirst("Authorization"))) {
      send(x, 401, error("not an admin"));
      return;
    }
    if (path.equals("/admin/realms/bench/users")) {
      String user = x.getRequestURI().getQuery().replaceAll(".*username=([^&]*).*", "$1");
      send(x, 200, List.of(Map.of("id", "u-" + user)));
      return;
    }
    String user = path.replaceAll("^/admin/realms/bench/users/u-([^/]*)/.*$", "$1");
    List<Session> mine =
        sessions.values().stream().filter(s -> s.live && s.user.equals(user)).toList();
    if (path.endsWith("/sessions")) {
      List<Map<String, String>> list = new ArrayList<>();
      mine.forEach(s -> list.add(Map.of("username", s.user)));
      send(x, 200, list);
    } else if (path.endsWith("/logout") && x.getRequestMethod().equals("POST")) {
      if (failLogout) {
        broken = true;
        send(x, 500, error("unknown_error"));
        return;
      }
      mine.forEach(s -> s.live = false);
      x.sendResponseHeaders(204, -1);
    } else {
      send(x, 404, error("not found"));
    }
  }

  private Session bySessionOf(String refreshToken) {
    int dot = refreshToken.indexOf('.');
    return dot < 0 ? null : sessions.get(refreshToken.substring(0, dot));
  }

  private static boolean clientAuthenticated(HttpExchange x) {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("bench-client:" + SECRET).getBytes(StandardCharsets.UTF_8));
    return expected.equals(x.getRequestHeaders().getFirst("Authorization"));
  }

  private static Map<String, String> form(HttpExchange x) throws IOException {
    Map<String, String> form = new HashMap<>();
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String type = x.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
      return form;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private static Map<String, String> error(String error) {
    return Map.of("error", error);
  }

  private static void send(HttpExchange x, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
  }
}
