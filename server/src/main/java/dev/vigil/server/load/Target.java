package dev.vigil.server.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Vigil under load: one base URL, one API key, one HTTP/1.1 client whose pooled keep-alive
 * connections the workers share. Every request goes to the base URL's own origin (never a redirect
 * elsewhere), and no more than {@code budget} requests are sent in all: the request that would pass
 * it is refused ({@link OverBudget}). Thread-safe.
 */
final class Target {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The longest a request may take before it counts as an error. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The request budget is spent. */
  static final class OverBudget extends RuntimeException {
    OverBudget(long budget) {
      super("the request budget of " + budget + " is spent");
    }
  }

  /** An answer: its status and its body, parsed when it is JSON. */
  record Answer(int status, JsonNode json) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final URI base;
  private final String authorization;
  private final HttpClient http;
  private final long budget;
  private final AtomicLong sent = new AtomicLong();

  /**
   * @param base the Vigil to load, e.g. {@code http://127.0.0.1:8080}
   * @param remoteAllowed whether a host that is not this machine's loopback may be loaded
   * @throws IllegalArgumentException if {@code base} is not an http(s) URL, or names a remote host
   *     while {@code remoteAllowed} is false
   */
  Target(URI base, String apiKey, long budget, boolean remoteAllowed) {
    if (base.getScheme() == null
        || !(base.getScheme().equals("http") || base.getScheme().equals("https"))
        || base.getHost() == null) {
      throw new IllegalArgumentException("the target must be an http or https URL, was " + base);
    }
    if (!remoteAllowed && !loopback(base.getHost())) {
      throw new IllegalArgumentException(
          base.getHost()
              + " is not this machine's loopback: load only a Vigil you run, and say so with"
              + " --allow-remote");
    }
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    this.base = URI.create(base.getScheme() + "://" + base.getRawAuthority() + strip(path));
    this.authorization = "Bearer " + apiKey;
    this.budget = budget;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  URI base() {
    return base;
  }

  /** How many requests were sent. */
  long sent() {
    return sent.get();
  }

  /** {@code GET path}, without the API key (for {@code /health/live}). */
  Answer get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).GET().build(), true);
  }

  /** {@code POST path} with a JSON body and the API key. */
  Answer post(String path, Object body) throws IOException, InterruptedException {
    return post(path, body, true);
  }

  private Answer post(String path, Object body, boolean counted)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .timeout(TIMEOUT)
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
            .build(),
        counted);
  }

  /** {@code DELETE path} with the API key. */
  Answer delete(String path) throws IOException, InterruptedException {
    return delete(path, true);
  }

  private Answer delete(String path, boolean counted) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .timeout(TIMEOUT)
            .header("Authorization", authorization)
            .DELETE()
            .build(),
        counted);
  }

  /**
   * {@code POST path} outside the budget: for the clean-up after a run (a few requests, one per
   * subject), which must happen even when the budget is spent.
   */
  Answer cleanUp(String path, Object body) throws IOException, InterruptedException {
    return post(path, body, false);
  }

  /** {@code DELETE path} outside the budget, as {@link #cleanUp(String, Object)}. */
  Answer cleanUpDelete(String path) throws IOException, InterruptedException {
    return delete(path, false);
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private Answer send(HttpRequest request, boolean counted)
      throws IOException, InterruptedException {
    if (counted && sent.incrementAndGet() > budget) {
      throw new OverBudget(budget);
    }
    HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    JsonNode json = null;
    if (r.headers().firstValue("Content-Type").orElse("").contains("json") && r.body().length > 0) {
      json = JSON.readTree(r.body());
    }
    return new Answer(r.statusCode(), json);
  }

  private static String strip(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static boolean loopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    try {
      return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
