package dev.vigil.account;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Per-account throttling without lock-out abuse (NIST SP 800-63B-4 section 3.2.2; ASVS 5.0 6.3.1):
 * the first {@value #FREE_FAILURES} consecutive failures cost nothing; after that each attempt must
 * wait a delay that doubles per failure (1 s, 2 s, 4 s ... at most {@link #MAX_DELAY}); at {@value
 * #HARD_STOP} consecutive failures the account accepts no more attempts until an operator or a
 * password reset clears it. A success clears the count. Unknown usernames are counted the same way
 * under the same key, so throttling reveals nothing about which accounts exist.
 *
 * <p>An attempt is counted <em>before</em> its password or code is checked ({@link #admit}): the
 * admission is a compare-and-set on the stored count ({@link LoginFailures#compareAndCount}), so
 * however many attempts arrive at once, on however many nodes, no more are checked than
 * one-after-another would allow. A success then clears the count ({@link #succeeded}). Thread-safe.
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

  /**
   * Lost compare-and-sets before an attempt is refused for a second: each loss means another
   * attempt on the same key was admitted, so a burst this large is throttled anyway.
   */
  private static final int MAX_RACES = 64;

  private final LoginFailures failures;

  public LoginThrottle(LoginFailures failures) {
    this.failures = failures;
  }

  /** Whether an attempt may be checked, decided and counted atomically. */
  public sealed interface Admission {
    /**
     * The attempt may be checked; it is already counted as failure number {@code failures} (a
     * success clears it).
     */
    record Admitted(int failures) implements Admission {}

    /** Refused without checking anything: wait {@code retryAfter}. */
    record Refused(Duration retryAfter) implements Admission {}
  }

  /** Admits one attempt on {@code key} at {@code now}, counting it as a failure first. */
  public Admission admit(String key, Instant now) {
    for (int race = 0; race < MAX_RACES; race++) {
      LoginFailures.Count count = failures.find(key);
      Optional<Duration> wait = wait(count.failures(), count.lastFailureAt(), now);
      if (wait.isPresent()) {
        return new Admission.Refused(wait.get());
      }
      if (failures.compareAndCount(key, count, now)) {
        return new Admission.Admitted(count.failures() + 1);
      }
    }
    return new Admission.Refused(Duration.ofSeconds(1));
  }

  /** The attempt succeeded: the count of {@code key} starts again. */
  public void succeeded(String key) {
    failures.clear(key);
  }

  /**
   * The attempt succeeded: the count of {@code key} starts again, and {@code event} is appended to
   * {@code log}, in one write where the store keeps the log ({@link LoginFailures#clear(String,
   * dev.vigil.audit.AuditLog, dev.vigil.audit.Event)}).
   */
  public void succeeded(String key, dev.vigil.audit.AuditLog log, dev.vigil.audit.Event event) {
    failures.clear(key, log, event);
  }

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
