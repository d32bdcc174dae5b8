package dev.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without a browser, for the pages' HTTP-level tests: keeps cookies by name (ignoring
 * their attributes, which the tests read from the raw headers), never follows redirects, and reads
 * the form token of the last page.
 */
final class WebClient {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final String origin;
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private String lastBody = "";

  /** A client of the server at {@code origin} ({@code http://127.0.0.1:port}). */
  WebClient(String origin) {
    this.origin = origin;
  }

  /** A client of {@code server}. */
  static WebClient of(TestServer server) {
    return new WebClient("http://127.0.0.1:" + server.uri("/").getPort());
  }

  /**
   * A client of {@code server} signed in as a new account {@code username} with {@code password}
   * (made through the API).
   */
  static WebClient signedIn(TestServer server, String username, String password) {
    server.post("/v1/users", Map.of("username", username, "password", password));
    WebClient c = of(server);
    assertThat(c.signIn(username, password).statusCode()).isEqualTo(303);
    return c;
  }

  String origin() {
    return origin;
  }

  Map<String, String> cookies() {
    return cookies;
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(origin + path)).GET());
  }

  /** A form post with this client's own origin in {@code Origin}. */
  HttpResponse<String> post(String path, Map<String, String> form) {
    return post(path, form, Optional.of(origin));
  }

  /** A form post with {@code originHeader} as {@code Origin}, or none. */
  HttpResponse<String> post(String path, Map<String, String> form, Optional<String> originHeader) {
    String body =
        form.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(origin + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    originHeader.ifPresent(o -> b.header("Origin", o));
    return send(b);
  }

  /** A post of {@code body} exactly as given, as a form, with this client's own origin. */
  HttpResponse<String> postBody(String path, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(origin + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", origin)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1)));
  }

  /** The form token of the last page. */
  String csrf() {
    Matcher m = CSRF.matcher(lastBody);
    if (!m.find()) {
      throw new AssertionError("the last page has no form token: " + lastBody);
    }
    return m.group(1);
  }

  /** Signs in with a password (no TOTP) through the pages; the 303's response. */
  HttpResponse<String> signIn(String username, String password) {
    get("/login");
    return post(
        "/login",
        Map.of("csrf", csrf(), "username", username, "password", password, "return_to", ""));
  }

  private HttpResponse<String> send(HttpRequest.Builder b) {
    if (!cookies.isEmpty()) {
      b.header(
          "Cookie",
          cookies.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("; ")));
    }
    b.header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0");
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      for (String c : r.headers().allValues("Set-Cookie")) {
        String pair = c.split(";", 2)[0];
        int eq = pair.indexOf('=');
        String name = pair.substring(0, eq);
        if (c.contains("Max-Age=0")) {
          cookies.remove(name);
        } else {
          cookies.put(name, pair.substring(eq + 1));
        }
      }
      lastBody = r.body();
      return r;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
