package dev.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * An HTTP client of one Vigil server, in the test JVM or another process, calling as the admin key
 * {@link TestServer#ADMIN_KEY}.
 */
public abstract class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  /** The address of {@code path} on this server. */
  public abstract URI uri(String path);

  /** A response: status, headers and the body parsed as JSON (or null node when empty). */
  public record Reply(int status, HttpResponse<String> raw, JsonNode json) {
    public String text(String field) {
      return json.path(field).asText();
    }
  }

  public Reply post(String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
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
            .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
            .GET()
            .build());
  }

  public Reply delete(String path) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
            .DELETE()
            .build());
  }

  /** A DELETE with a JSON body (re-authentication for removing a factor). */
  public Reply delete(String path, Object body) {
    try {
      return send(
          HttpRequest.newBuilder(uri(path))
              .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
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
}
