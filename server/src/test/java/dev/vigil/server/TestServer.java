package dev.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.server.useragent.BackgroundUserAgents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** A real Vigil server on a free port and a fresh SQLite data directory, with an HTTP client. */
public final class TestServer implements AutoCloseable {
  /** The admin key every test server is bootstrapped with. */
  public static final String ADMIN_KEY = "test-admin-key-0123456789abcdefghijklmnop";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One user agent analyzer for every test server in this JVM: each server would otherwise spend
   * seconds of CPU building its own, beside the tests.
   */
  private static final BackgroundUserAgents USER_AGENTS = BackgroundUserAgents.yauaa();

  private final Vigil vigil;
  private final Path data;
  private final HttpClient http = HttpClient.newHttpClient();

  private TestServer(Vigil vigil, Path data) {
    this.vigil = vigil;
    this.data = data;
  }

  /** A server with default settings except those in {@code overrides}. */
  public static TestServer start(Map<ConfigKey, String> overrides) throws IOException {
    Path data = Files.createTempDirectory("vigil-http-test");
    return start(data, overrides);
  }

  /**
   * A server whose every decision on time reads {@code clock}: a test moves it instead of sleeping.
   */
  public static TestServer start(Map<ConfigKey, String> overrides, java.time.Clock clock)
      throws IOException {
    return start(Files.createTempDirectory("vigil-http-test"), overrides, clock);
  }

  /** A server on an existing data directory. */
  public static TestServer start(Path data, Map<ConfigKey, String> overrides) {
    return start(data, overrides, Vigil.systemClock());
  }

  private static TestServer start(
      Path data, Map<ConfigKey, String> overrides, java.time.Clock clock) {
    Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
    flags.put(ConfigKey.PORT, "0");
    flags.put(ConfigKey.DATA, data.toString());
    flags.put(ConfigKey.BOOTSTRAP_API_KEY, ADMIN_KEY);
    flags.putAll(overrides);
    return new TestServer(
        Vigil.start(ConfigLoader.load(Optional.empty(), Map.of(), flags), USER_AGENTS, clock),
        data);
  }

  public Path data() {
    return data;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + vigil.port() + path);
  }

  /** A response: status, headers and the body parsed as JSON (or null node when empty). */
  public record Reply(int status, HttpResponse<String> raw, JsonNode json) {
    public String text(String field) {
      return json.path(field).asText();
    }
  }

  public Reply post(String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + ADMIN_KEY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  public Reply post(String path, Object body) {
    try {
      return post(path, JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Reply get(String path) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + ADMIN_KEY)
            .GET()
            .build());
  }

  public Reply delete(String path) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + ADMIN_KEY)
            .DELETE()
            .build());
  }

  /** A DELETE with a JSON body (re-authentication for removing a factor). */
  public Reply delete(String path, Object body) {
    try {
      return send(
          HttpRequest.newBuilder(uri(path))
              .header("Authorization", "Bearer " + ADMIN_KEY)
              .header("Content-Type", "application/json")
              .method("DELETE", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .build());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Reply send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = r.body().isEmpty() ? JSON.missingNode() : parse(r.body());
      return new Reply(r.statusCode(), r, json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates a session for {@code subject} and returns its token. */
  public String createToken(String subject) {
    Reply r = post("/v1/sessions", Map.of("subject", subject));
    if (r.status() != 201) {
      throw new IllegalStateException("create failed: " + r.raw().body());
    }
    return r.text("token");
  }

  /** Verifies {@code token} with no client and no requirement. */
  public Reply verify(String token) {
    return post("/v1/sessions/verify", Map.of("token", token));
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }

  @Override
  public void close() {
    vigil.close();
  }
}
