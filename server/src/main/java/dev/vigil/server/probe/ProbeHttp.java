package dev.vigil.server.probe;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The probe's only way out: an HTTP client held to one {@link Target} and a request budget.
 *
 * <ul>
 *   <li>Every request goes to the target: a path is resolved under its base URL, and a URI with
 *       another scheme, host or port is refused ({@link OffTarget}) before anything is sent.
 *   <li>Redirects are never followed by the client ({@link HttpClient.Redirect#NEVER}); {@link
 *       #follow} follows one only when its {@code Location} is on the target.
 *   <li>At most {@code budget} requests are sent in all. The last {@code reserve} of them are kept
 *       for cleaning up: until {@link #releaseReserve} a request that would dip into them is not
 *       sent and {@link BudgetSpent} is thrown instead; after it, the budget itself is the limit.
 * </ul>
 *
 * Each request waits at most {@link #TIMEOUT} for the connection and again for the answer; no
 * answer is {@link NoAnswer}. Not thread-safe: one probe, one thread.
 */
public final class ProbeHttp implements AutoCloseable {
  /** How long to wait for a connection, then for the answer. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** The {@code User-Agent} of every request, so that the target's operators can tell. */
  static final String USER_AGENT = "vigil-probe/1";

  private final Target target;
  private final int budget;
  private final int reserve;
  private final HttpClient http;
  private int sent;
  private boolean reserveReleased;

  /**
   * @param budget the most requests ever sent, at least {@code reserve + 1}
   * @param reserve how many of them are kept for cleaning up
   */
  public ProbeHttp(Target target, int budget, int reserve) {
    if (reserve < 0 || budget <= reserve) {
      throw new IllegalArgumentException(
          "a budget of " + budget + " requests cannot keep " + reserve + " for cleaning up");
    }
    this.target = target;
    this.budget = budget;
    this.reserve = reserve;
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT)
            .build();
  }

  /**
   * One request and its answer, as the probe saw it.
   *
   * @param method the HTTP method
   * @param path the path under the target's base URL
   * @param status the status code
   * @param headers the response headers
   * @param body the body as UTF-8 text (malformed bytes replaced)
   * @param elapsed from sending to the whole body received
   */
  public record Exchange(
      String method, String path, int status, HttpHeaders headers, String body, Duration elapsed) {
    /** The first value of header {@code name}. */
    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    /** Every value of header {@code name}. */
    public List<String> headers(String name) {
      return headers.allValues(name);
    }

    /** {@code POST /v1/sessions/verify -> 200}, for findings. */
    public String line() {
      return method + " " + path + " -> " + status;
    }
  }

  /** The target every request goes to. */
  public Target target() {
    return target;
  }

  /** How many requests have been sent. */
  public int sent() {
    return sent;
  }

  /** The most requests this client sends. */
  public int budget() {
    return budget;
  }

  /** How many more requests the checks may send before the reserve. */
  public int left() {
    return Math.max(0, (reserveReleased ? budget : budget - reserve) - sent);
  }

  /** Lets the cleanup spend the reserve. */
  public void releaseReserve() {
    reserveReleased = true;
  }

  /** {@code GET path} with {@code headers}. */
  public Exchange get(String path, Map<String, String> headers) {
    return send("GET", path, headers, Optional.empty());
  }

  /** {@code DELETE path} with {@code headers}. */
  public Exchange delete(String path, Map<String, String> headers) {
    return send("DELETE", path, headers, Optional.empty());
  }

  /** {@code POST path} with {@code headers} and {@code body}. */
  public Exchange post(String path, Map<String, String> headers, byte[] body) {
    return send("POST", path, headers, Optional.of(body));
  }

  /** {@code POST path} with a UTF-8 text {@code body}. */
  public Exchange post(String path, Map<String, String> headers, String body) {
    return post(path, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Follows {@code redirect} (a 3xx with {@code Location}) with a {@code GET} and {@code headers},
   * if its location is on the target.
   *
   * @throws OffTarget when the location is elsewhere (nothing is sent)
   * @throws IllegalArgumentException when {@code redirect} is not a redirect with a location
   */
  public Exchange follow(Exchange redirect, Map<String, String> headers) {
    String location =
        redirect
            .header("Location")
            .filter(l -> redirect.status() / 100 == 3)
            .orElseThrow(() -> new IllegalArgumentException(redirect.line() + " is no redirect"));
    URI to;
    try {
      to = target.uri(redirect.path()).resolve(location);
    } catch (IllegalArgumentException e) {
      throw new OffTarget(redirect.line() + " with an unreadable Location; not followed");
    }
    if (!target.owns(to)) {
      throw new OffTarget(
          redirect.line()
              + " to "
              + describe(to)
              + ", off the target "
              + target
              + "; not followed");
    }
    String path = to.getRawPath().substring(target.prefix().length());
    return send(
        "GET",
        (path.isEmpty() ? "/" : path) + (to.getRawQuery() == null ? "" : "?" + to.getRawQuery()),
        headers,
        Optional.empty());
  }

  /**
   * Opens one connection to the target and sends {@code first} at once, then {@code dribble} a byte
   * each {@code pace}, until the target closes the connection or {@code bound} has passed; counts
   * as one request of the budget (it never completes one). The bytes are the caller's: a request
   * head that never ends, or a TLS record that never does.
   *
   * @return how long after {@code first} the target closed the connection, or empty if it was still
   *     open at {@code bound}
   * @throws BudgetSpent if no request is left
   * @throws NoAnswer if the connection cannot be opened
   */
  public Optional<Duration> slowHead(byte[] first, byte[] dribble, Duration pace, Duration bound) {
    if (left() == 0) {
      throw new BudgetSpent(budget, sent, "a slow request head");
    }
    sent++;
    String host = target.host().replace("[", "").replace("]", "");
    long start = 0;
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(host, target.port()), (int) TIMEOUT.toMillis());
      socket.setSoTimeout((int) Math.max(1, pace.toMillis()));
      java.io.OutputStream out = socket.getOutputStream();
      java.io.InputStream in = socket.getInputStream();
      start = System.nanoTime();
      out.write(first);
      out.flush();
      int next = 0;
      while (System.nanoTime() - start < bound.toNanos()) {
        try {
          if (in.read() < 0) {
            return Optional.of(Duration.ofNanos(System.nanoTime() - start));
          }
          continue; // an answer before the close (a 408, say): read on to the close
        } catch (java.net.SocketTimeoutException quiet) {
          // a pace went by with the connection open: the next byte
        }
        if (next < dribble.length) {
          out.write(dribble[next++]);
          out.flush();
        }
      }
      return Optional.empty();
    } catch (java.net.SocketException e) {
      if (start == 0) {
        throw new NoAnswer("a slow request head to " + target + ": " + e);
      }
      // reset by the target while a byte was being written or read: closed
      return Optional.of(Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new NoAnswer("a slow request head to " + target + ": " + e);
    }
  }

  private Exchange send(
      String method, String path, Map<String, String> headers, Optional<byte[]> body) {
    URI uri = target.uri(path);
    if (!target.owns(uri)) {
      throw new OffTarget(method + " " + describe(uri) + " is off the target " + target);
    }
    if (left() == 0) {
      throw new BudgetSpent(budget, sent, method + " " + path);
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("User-Agent", USER_AGENT)
            .method(
                method,
                body.map(HttpRequest.BodyPublishers::ofByteArray)
                    .orElse(HttpRequest.BodyPublishers.noBody()));
    headers.forEach(b::header);
    sent++;
    long start = System.nanoTime();
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      return new Exchange(
          method,
          path,
          r.statusCode(),
          r.headers(),
          new String(r.body(), StandardCharsets.UTF_8),
          elapsed);
    } catch (HttpTimeoutException e) {
      throw new NoAnswer(method + " " + path + ": no answer within " + TIMEOUT.toSeconds() + " s");
    } catch (IOException e) {
      String m = e.getMessage();
      throw new NoAnswer(
          method
              + " "
              + path
              + ": the connection failed ("
              + e.getClass().getSimpleName()
              + (m == null || m.isBlank() ? "" : ": " + m)
              + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NoAnswer(method + " " + path + ": interrupted");
    }
  }

  /** A URI for messages: scheme, host, port and path, never a query (it might hold a token). */
  private static String describe(URI uri) {
    return (uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT) + "://")
        + (uri.getHost() == null ? "" : uri.getHost())
        + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  @Override
  public void close() {
    http.close();
  }

  /** A request was not sent because it would leave the target. */
  public static final class OffTarget extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OffTarget(String message) {
      super(message);
    }
  }

  /** A request was not sent because the budget (less the cleanup reserve) is spent. */
  public static final class BudgetSpent extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BudgetSpent(int budget, int sent, String next) {
      super(
          "the request budget is spent ("
              + sent
              + " of "
              + budget
              + " sent, the rest kept for cleaning up); "
              + next
              + " not sent; raise --max-requests");
    }
  }

  /** The target gave no answer: no connection, a reset, or nothing within the timeout. */
  public static final class NoAnswer extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoAnswer(String message) {
      super(message);
    }
  }
}
