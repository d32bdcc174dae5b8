package dev.vigil.server.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.classic.methods.HttpDelete;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * The server under load (a Vigil, or Keycloak for the peer comparison): one base URL, one API key
 * (Vigil's; empty for a peer), and one pool of HTTP/1.1 keep-alive connections, at least one per
 * load thread, driven through Apache HttpClient's blocking API. Every request goes to the base
 * URL's own origin (redirects are never followed), and no more than {@code budget} requests are
 * sent in all: the request that would pass it is refused ({@link OverBudget}). Thread-safe.
 */
final class Target implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The longest a request may take before it counts as an error. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  /**
   * The longest one call of the at-scale measurement may take (ending 20,000 sessions at once):
   * Keycloak's own transaction timeout is 300 s.
   */
  static final Duration LONG_TIMEOUT = Duration.ofMinutes(6);

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
  private final CloseableHttpClient http;
  private final long budget;
  private final AtomicLong sent = new AtomicLong();

  /**
   * @param base the server to load, e.g. {@code http://127.0.0.1:8080}
   * @param apiKey Vigil's API key, sent as a bearer token by {@link #post} and {@link #delete}
   * @param connections the load threads: the pool keeps one connection for each, and a few more
   * @param remoteAllowed whether a host that is not this machine's loopback may be loaded
   * @throws IllegalArgumentException if {@code base} is not an http(s) URL, or names a remote host
   *     while {@code remoteAllowed} is false
   */
  Target(URI base, String apiKey, int connections, long budget, boolean remoteAllowed) {
    if (base.getScheme() == null
        || !(base.getScheme().equals("http") || base.getScheme().equals("https"))
        || base.getHost() == null) {
      throw new IllegalArgumentException("the target must be an http or https URL, was " + base);
    }
    if (!remoteAllowed && !loopback(base.getHost())) {
      throw new IllegalArgumentException(
          base.getHost()
              + " is not this machine's loopback: load only a server you run, and say so with"
              + " --allow-remote");
    }
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    this.base = URI.create(base.getScheme() + "://" + base.getRawAuthority() + strip(path));
    this.authorization = "Bearer " + apiKey;
    this.budget = budget;
    this.http =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(connections + 4)
                    .setMaxConnPerRoute(connections + 4)
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.ofSeconds(5))
                            .setSocketTimeout(Timeout.of(LONG_TIMEOUT))
                            .build())
                    .build())
            .setDefaultRequestConfig(
                RequestConfig.custom().setResponseTimeout(Timeout.of(TIMEOUT)).build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableContentCompression()
            .disableAuthCaching()
            .build();
  }

  URI base() {
    return base;
  }

  /** The {@code Authorization} header that carries the API key. */
  String authorization() {
    return authorization;
  }

  /** How many requests were sent. */
  long sent() {
    return sent.get();
  }

  /** {@code GET path}, without the API key (for {@code /health/live}). */
  Answer get(String path) throws IOException {
    return send(new HttpGet(uri(path)), true, TIMEOUT);
  }

  /** {@code GET path} with the given {@code Authorization} header, allowed {@code timeout}. */
  Answer get(String path, String authorization, Duration timeout) throws IOException {
    HttpGet get = new HttpGet(uri(path));
    get.setHeader("Authorization", authorization);
    return send(get, true, timeout);
  }

  /** {@code POST path} with a JSON body and the API key. */
  Answer post(String path, Object body) throws IOException {
    return post(path, body, authorization, true, TIMEOUT);
  }

  /**
   * {@code POST path} with a JSON body and the given {@code Authorization}, allowed {@code
   * timeout}.
   */
  Answer post(String path, Object body, String authorization, Duration timeout) throws IOException {
    return post(path, body, authorization, true, timeout);
  }

  private Answer post(
      String path, Object body, String authorization, boolean counted, Duration timeout)
      throws IOException {
    HttpPost post = new HttpPost(uri(path));
    post.setHeader("Authorization", authorization);
    post.setEntity(new ByteArrayEntity(JSON.writeValueAsBytes(body), ContentType.APPLICATION_JSON));
    return send(post, counted, timeout);
  }

  /**
   * {@code POST path} with an {@code application/x-www-form-urlencoded} body (OAuth 2.0's token and
   * introspection endpoints), and the given {@code Authorization} header if not null.
   */
  Answer form(String path, Map<String, String> fields, String authorization) throws IOException {
    return form(path, fields, authorization, true);
  }

  /** {@link #form} outside the budget, for the clean-up after a run. */
  Answer cleanUpForm(String path, Map<String, String> fields, String authorization)
      throws IOException {
    return form(path, fields, authorization, false);
  }

  private Answer form(
      String path, Map<String, String> fields, String authorization, boolean counted)
      throws IOException {
    HttpPost post = new HttpPost(uri(path));
    if (authorization != null) {
      post.setHeader("Authorization", authorization);
    }
    String body =
        fields.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    post.setEntity(
        new ByteArrayEntity(
            body.getBytes(StandardCharsets.UTF_8),
            ContentType.create("application/x-www-form-urlencoded")));
    return send(post, counted, TIMEOUT);
  }

  /** {@code DELETE path} with the API key. */
  Answer delete(String path) throws IOException {
    return delete(path, true);
  }

  private Answer delete(String path, boolean counted) throws IOException {
    HttpDelete delete = new HttpDelete(uri(path));
    delete.setHeader("Authorization", authorization);
    return send(delete, counted, TIMEOUT);
  }

  /**
   * {@code POST path} outside the budget: for the clean-up after a run (a few requests, one per
   * subject), which must happen even when the budget is spent.
   */
  Answer cleanUp(String path, Object body) throws IOException {
    return post(path, body, authorization, false, TIMEOUT);
  }

  /** {@code DELETE path} outside the budget, as {@link #cleanUp(String, Object)}. */
  Answer cleanUpDelete(String path) throws IOException {
    return delete(path, false);
  }

  @Override
  public void close() throws IOException {
    http.close();
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private Answer send(HttpUriRequestBase request, boolean counted, Duration timeout)
      throws IOException {
    if (counted && sent.incrementAndGet() > budget) {
      throw new OverBudget(budget);
    }
    if (!timeout.equals(TIMEOUT)) {
      request.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build());
    }
    return http.execute(
        request,
        response -> {
          byte[] body =
              response.getEntity() == null
                  ? new byte[0]
                  : EntityUtils.toByteArray(response.getEntity());
          JsonNode json = null;
          var type = response.getFirstHeader("Content-Type");
          if (type != null && type.getValue().contains("json") && body.length > 0) {
            json = JSON.readTree(body);
          }
          return new Answer(response.getCode(), json);
        });
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
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
