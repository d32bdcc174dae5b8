package dev.vigil.server.config;

import java.time.Duration;

/**
 * What one node takes from the network before it refuses: the bounds that keep a hostile or broken
 * client from holding memory, threads or connections. Configured with the {@code max_*}, {@code
 * request_timeout}, {@code header_timeout} and {@code idle_connection_timeout} keys; every refusal
 * is a 4xx or 503 problem, or a closed connection, never a 500 or a hang.
 *
 * @param maxBodyBytes the largest request body, in bytes; larger is answered 413
 * @param maxHeaderBytes the largest request line plus headers, in bytes; larger is answered 431
 *     (414 when the URI alone is too long)
 * @param requestTimeout the longest a request may take once its headers are read: reading its body
 *     and answering it; past it the connection is closed
 * @param headerTimeout the longest a client may take to send a request's line and headers (and,
 *     over TLS, its handshake), counted from their first byte; past it the connection is closed.
 *     The idle timeout alone would let a client that sends one byte a little more often than it
 *     hold a connection for hours (the slow-header, or slowloris, attack)
 * @param maxConcurrentRequests requests handled at once; one more is answered 503 with {@code
 *     Retry-After: 1} at once (the health checks are exempt)
 * @param idleConnectionTimeout how long a connection may stay silent, between requests or while a
 *     request is being sent, before it is closed
 * @param maxConnections connections open at once; beyond it new connections wait in the operating
 *     system's accept queue until one closes
 */
public record HttpLimits(
    int maxBodyBytes,
    int maxHeaderBytes,
    Duration requestTimeout,
    Duration headerTimeout,
    int maxConcurrentRequests,
    Duration idleConnectionTimeout,
    int maxConnections) {

  /** The smallest {@link #maxBodyBytes}: a password change must fit. */
  public static final int MIN_BODY_BYTES = 1024;

  /** The largest {@link #maxBodyBytes}: nothing Vigil takes comes near it. */
  public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  /** The smallest {@link #maxHeaderBytes}: a browser's cookies and user agent must fit. */
  public static final int MIN_HEADER_BYTES = 2048;

  /** The largest {@link #maxHeaderBytes}. */
  public static final int MAX_HEADER_BYTES = 64 * 1024;

  /**
   * The defaults: 64 KiB bodies, 8 KiB headers, 30 s a request, 10 s a head, 256 at once, 30 s
   * idle, 10,000 open.
   */
  public static final HttpLimits DEFAULTS =
      new HttpLimits(
          64 * 1024,
          8 * 1024,
          Duration.ofSeconds(30),
          Duration.ofSeconds(10),
          256,
          Duration.ofSeconds(30),
          10_000);

  public HttpLimits {
    if (maxBodyBytes < MIN_BODY_BYTES || maxBodyBytes > MAX_BODY_BYTES) {
      throw new IllegalArgumentException("maxBodyBytes out of range: " + maxBodyBytes);
    }
    if (maxHeaderBytes < MIN_HEADER_BYTES || maxHeaderBytes > MAX_HEADER_BYTES) {
      throw new IllegalArgumentException("maxHeaderBytes out of range: " + maxHeaderBytes);
    }
    if (requestTimeout.toMillis() < 100
        || headerTimeout.toMillis() < 100
        || idleConnectionTimeout.toMillis() < 100) {
      throw new IllegalArgumentException(
          "timeouts must be at least 100 ms: "
              + requestTimeout
              + ", "
              + headerTimeout
              + ", "
              + idleConnectionTimeout);
    }
    if (maxConcurrentRequests < 1 || maxConnections < 1) {
      throw new IllegalArgumentException(
          "limits must be positive: " + maxConcurrentRequests + ", " + maxConnections);
    }
  }
}
