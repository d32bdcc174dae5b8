package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * Every endpoint of the OpenAPI document that takes a JSON body, on one test server, with what a
 * hostile-input test needs around it: a plausible value for each path parameter (a real user, so
 * that the body reaches the code behind the look-up), sending raw bytes, the check that an answer
 * is clean, and the check that nothing stored was lost.
 */
final class JsonEndpoints {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GOOD = "violet kettle marching sideways 81";

  /** One endpoint: method, path with its parameters filled, and its body's field names. */
  record Endpoint(String method, String path, List<String> fields) {
    @Override
    public String toString() {
      return method.toUpperCase() + " " + path;
    }
  }

  private final TestServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Endpoint> endpoints;
  private final String keeper;

  private JsonEndpoints(TestServer server, List<Endpoint> endpoints, String keeper) {
    this.server = server;
    this.endpoints = endpoints;
    this.keeper = keeper;
  }

  /**
   * Ends every session when its body is valid (even {@code {}}): kept out of {@link #all()} so that
   * the session made beforehand can show nothing else was lost, and sent after that check.
   */
  static final String REVOKE_ALL = "/v1/sessions/revoke-all";

  /**
   * The JSON endpoints of {@code server}, after making a user to aim them at and a session that
   * must outlive every hostile request ({@link #assertNothingLost}).
   */
  static JsonEndpoints of(TestServer server) {
    String user =
        server
            .post("/v1/users", Map.of("username", "hostile-user", "password", GOOD))
            .json()
            .path("id")
            .asText();
    String keeper = server.createToken("keeper-subject");
    JsonNode doc;
    try (InputStream in = JsonEndpoints.class.getResourceAsStream("/openapi.json")) {
      doc = JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Endpoint> all =
        HostileInputProperties.targets(doc).stream()
            .filter(
                t ->
                    doc.path("paths")
                        .path(t.path())
                        .path(t.method())
                        .path("requestBody")
                        .path("content")
                        .has("application/json"))
            .map(
                t ->
                    new Endpoint(
                        t.method(),
                        fill(t.path(), user),
                        t.fields().stream().map(List::getLast).distinct().toList()))
            .toList();
    return new JsonEndpoints(server, all, keeper);
  }

  /** Every JSON endpoint but {@link #REVOKE_ALL}. */
  List<Endpoint> all() {
    return endpoints.stream().filter(e -> !e.path().equals(REVOKE_ALL)).toList();
  }

  /** {@link #REVOKE_ALL}, for after {@link #assertNothingLost}. */
  Endpoint revokeAll() {
    return endpoints.stream().filter(e -> e.path().equals(REVOKE_ALL)).findFirst().orElseThrow();
  }

  /** Sends {@code body} as JSON to {@code e} with the admin key. */
  HttpResponse<String> send(Endpoint e, byte[] body) {
    HttpRequest r =
        HttpRequest.newBuilder(server.uri(e.path()))
            .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
            .header("Content-Type", "application/json")
            .method(e.method().toUpperCase(), HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      return http.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (IOException ex) {
      throw new AssertionError("no answer from " + e + ": " + ex.getMessage(), ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", ex);
    }
  }

  /** A 2xx, or a 4xx problem without a stack trace; never a 5xx. */
  static void assertClean(HttpResponse<String> r, String what) {
    assertThat(r.statusCode()).as("%s -> %s", what, r.body()).isBetween(200, 499);
    if (r.statusCode() >= 400) {
      assertThat(r.headers().firstValue("Content-Type"))
          .as(what)
          .hasValueSatisfying(t -> assertThat(t).startsWith(Problem.MEDIA_TYPE));
      assertThat(r.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  /** The session made beforehand still verifies, and the audit chain is intact. */
  void assertNothingLost() {
    // from an address of its own: the hostile tokens put the tests' address in a cool-down
    JsonNode verdict =
        server
            .post(
                "/v1/sessions/verify",
                Map.of("token", keeper, "client", Map.of("ip", "198.51.100.7")))
            .json();
    assertThat(verdict.path("valid").asBoolean())
        .as("the session made before the hostile requests: %s", verdict)
        .isTrue();
    JsonNode chain = server.get("/v1/audit/verify").json();
    assertThat(chain.path("intact").asBoolean()).as("audit chain %s", chain).isTrue();
  }

  private static String fill(String path, String user) {
    return path.replace("{id}", idFor(path, user)).replace("{subject}", "fuzz-subject");
  }

  private static String idFor(String path, String user) {
    if (path.startsWith("/v1/sessions")) {
      return "ses_AAAAAAAAAAAAAAAAAAAAAA";
    }
    if (path.startsWith("/v1/reports")) {
      return "rpt_AAAAAAAAAAAAAAAAAAAAAA";
    }
    if (path.startsWith("/v1/webhooks")) {
      return "whk_AAAAAAAAAAAAAAAAAAAAAA";
    }
    return user;
  }

  /** The URI of {@code path}, for messages. */
  URI uri(String path) {
    return server.uri(path);
  }
}
