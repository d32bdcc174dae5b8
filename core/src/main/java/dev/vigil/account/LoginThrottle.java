package dev.vigil.account;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Per-account throttling without lock-out abuse (NIST SP 800-63B 3.2.2): the first {@value
 * #FREE_FAILURES} consecutive failures cost nothing; after that each attempt must wait a delay that
 * doubles per failure (1 s, 2 s, 4 s ... at most {@link #MAX_DELAY}); at {@value #HARD_STOP}
 * consecutive failures the account accepts no more attempts until an operator or a password reset
 * clears it. A success resets the count. The same rule applies to unknown usernames, so throttling
 * reveals nothing about which accounts exist.
 */
public final class LoginThrottle {
  /** Failures allowed without delay. */
  public static final int FREE_FAILURES = 5;

  /** Failures after which no attempt is accepted. */
  public static final int HARD_STOP = 100;

  /** The longest delay between attempts. */
  public static final Duration MAX_DELAY = Duration.ofMinutes(15);

  /** What a caller is told to wait at the hard stop (the account needs a reset, not time). */
  public static final Duration HARD_STOP_RETRY = Duration.ofHours(1);

  private LoginThrottle() {}

  /** How long to wait before an attempt is accepted, or empty when it may go ahead now. */
  public static Optional<Duration> wait(int failures, Optional<Instant> lastFailure, Instant now) {
    if (failures >= HARD_STOP) {
      return Optional.of(HARD_STOP_RETRY);
    }
    if (failures < FREE_FAILURES || lastFailure.isEmpty()) {
      return Optional.empty();
    }
    Instant allowed = lastFailure.get().plus(delay(failures));
    return now.isBefore(allowed) ? Optional.of(Duration.between(now, allowed)) : Optional.empty();
  }

  /** The delay after {@code failures} consecutive failures. */
  static Duration delay(int failures) {
    int exponent = Math.min(failures - FREE_FAILURES, 20);
    Duration d = Duration.ofSeconds(1L << exponent);
    return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
  }
}
