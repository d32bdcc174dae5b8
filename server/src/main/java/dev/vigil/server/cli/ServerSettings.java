package dev.vigil.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.assess.Settings;
import dev.vigil.server.assess.SettingsJson;
import dev.vigil.server.config.ConfigException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Asks a running Vigil for its effective settings ({@code GET /v1/admin/config} with an admin key),
 * for {@code vigil audit --server}. Every failure (a bad URL, no answer within the timeouts, a
 * refused key, an answer that is not the expected JSON) is a {@link ConfigException}: one line
 * naming {@code --server} and what went wrong, exit 2. The key is never part of a message.
 */
final class ServerSettings {
  /** How long to wait for a connection, then for the answer. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final String PATH = "/v1/admin/config";

  private ServerSettings() {}

  /**
   * The settings of the server at {@code url} ({@code http(s)://host[:port][/prefix]}).
   *
   * @throws ConfigException when they cannot be had
   */
  static Settings fetch(String url, String apiKey) {
    URI uri = endpoint(url);
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(uri)
              .timeout(TIMEOUT)
              .header("Accept", "application/json")
              .header("Authorization", "Bearer " + apiKey)
              .GET()
              .build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--api-key: not a valid key (it cannot go in a header)");
    }
    HttpResponse<String> response;
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ConfigException("--server " + url + ": " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException("--server " + url + ": interrupted");
    }
    return settings(url, response);
  }

  private static Settings settings(String url, HttpResponse<String> response) {
    switch (response.statusCode()) {
      case 200 -> {}
      case 401 ->
          throw new ConfigException("--server " + url + ": 401, the API key is unknown or revoked");
      case 403 ->
          throw new ConfigException("--server " + url + ": 403, the API key lacks scope admin");
      case 404 ->
          throw new ConfigException(
              "--server " + url + ": 404, no " + PATH + " there (not Vigil, or an older one)");
      default ->
          throw new ConfigException("--server " + url + ": answered " + response.statusCode());
    }
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(response.body());
    } catch (IOException e) {
      throw new ConfigException("--server " + url + ": the answer is not JSON");
    }
    try {
      return SettingsJson.read(json);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--server " + url + ": unexpected answer: " + e.getMessage());
    }
  }

  private static URI endpoint(String url) {
    try {
      URI base = new URI(url);
      if (base.getScheme() == null
          || !(base.getScheme().equals("http") || base.getScheme().equals("https"))
          || base.getHost() == null
          || base.getQuery() != null
          || base.getFragment() != null) {
        throw new URISyntaxException(url, "not http(s)://host[:port][/path]");
      }
      String path = base.getPath() == null ? "" : base.getPath();
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      return new URI(
          base.getScheme(), null, base.getHost(), base.getPort(), path + PATH, null, null);
    } catch (URISyntaxException e) {
      throw new ConfigException(
          "--server: expected http://host:port or https://host:port, got '" + url + "'");
    }
  }

  private static String describe(IOException e) {
    if (e instanceof HttpTimeoutException) {
      return "no answer within " + TIMEOUT.toSeconds() + " s";
    }
    if (e instanceof ConnectException) {
      return "cannot connect";
    }
    String m = e.getMessage();
    return "the connection failed" + (m == null || m.isBlank() ? "" : ": " + m);
  }
}
