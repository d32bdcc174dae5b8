package dev.vigil.server.probe;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A request head sent a byte at a time (the slow-header or slowloris attack) has its connection
 * closed once the target's {@code header_timeout} has passed, so that a few clients cannot hold
 * every connection. Over HTTP the head is a {@code GET} whose header never ends; over HTTPS it is a
 * TLS record that never ends, since the probe's raw connection cannot finish a handshake a byte at
 * a time. One byte each half second keeps the connection from ever being silent for an idle
 * timeout, so only a bound on the head itself can end it. The probe waits the target's {@code
 * header_timeout} (from {@code GET /v1/admin/config}) and {@link #SLACK} more; without it, it
 * skips.
 */
final class SlowHead implements ProbeCheck {
  private static final Finding.Ref REF =
      Finding.Ref.of(
          "http.slow_head",
          "A request head sent a byte at a time is cut off",
          "ASVS 5.0 15.1.3",
          "CWE-400");

  /** A byte this often: never silent for Vigil's shortest idle timeout (1 s). */
  static final Duration PACE = Duration.ofMillis(500);

  /** How long past {@code header_timeout} the cut may come (Vigil looks once a second at most). */
  static final Duration SLACK = Duration.ofSeconds(4);

  @Override
  public Finding.Ref ref() {
    return REF;
  }

  @Override
  public Finding run(Deployment target) {
    Optional<Duration> timeout = target.settings().headerTimeout();
    if (timeout.isEmpty()) {
      return REF.skip(
          "nothing", "the target's header_timeout is unknown (" + target.settings().source() + ")");
    }
    Duration bound = timeout.get().plus(SLACK);
    Target t = target.http().target();
    boolean tls = t.scheme().equals("https");
    byte[] first =
        tls
            // a TLS handshake record announcing 512 bytes
            ? new byte[] {0x16, 0x03, 0x01, 0x02, 0x00}
            : ("GET " + t.prefix() + "/health/live HTTP/1.1\r\nHost: " + t.host() + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    byte[] dribble =
        tls
            ? new byte[512]
            : ("X-Vigil-Probe: " + "s".repeat(1000)).getBytes(StandardCharsets.US_ASCII);
    String sent =
        (tls ? "a TLS handshake record" : "GET /health/live with a header")
            + " sent a byte each "
            + PACE.toMillis()
            + " ms, waiting up to "
            + bound.toSeconds()
            + " s (header_timeout "
            + timeout.get()
            + ")";
    Optional<Duration> closed = target.http().slowHead(first, dribble, PACE, bound);
    return closed
        .map(d -> REF.pass(sent, "the connection was closed after " + millis(d)))
        .orElseGet(
            () ->
                REF.fail(
                    sent,
                    "the connection was still open after "
                        + millis(bound)
                        + ": slow request heads can hold connections; set header_timeout"));
  }

  private static String millis(Duration d) {
    return String.format("%,d ms", d.toMillis());
  }
}
