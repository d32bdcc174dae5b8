package dev.vigil.server.account;

import dev.vigil.client.ClientContext;
import dev.vigil.server.limits.RateBuckets;
import java.time.Duration;
import java.util.Optional;

/**
 * Sign-in attempts per client address: a token bucket (Bucket4j) of {@code perMinute} attempts,
 * refilled continuously. It complements the per-account throttle: that one stops guessing at one
 * account, this one stops one address from trying many accounts (credential stuffing). Applies only
 * when the application passes the person's address in {@code client.ip}. At most 100,000 addresses
 * are tracked, each forgotten ten minutes after its last attempt. Thread-safe.
 */
public final class LoginRateLimit {
  private final int perMinute;
  private final RateBuckets buckets;

  /**
   * A limit of {@code perMinute} attempts per address (0 turns it off), kept in {@code buckets}.
   */
  public LoginRateLimit(int perMinute, RateBuckets buckets) {
    this.perMinute = perMinute;
    this.buckets = buckets;
  }

  /** Takes one attempt for the client's address; how long to wait when none is left. */
  public Optional<Duration> take(ClientContext client) {
    if (perMinute == 0 || client.ip().isEmpty()) {
      return Optional.empty();
    }
    return buckets.take("sign-in:" + client.ip().get().text(), perMinute);
  }
}
