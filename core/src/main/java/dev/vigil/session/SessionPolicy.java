package dev.vigil.session;

import java.time.Duration;
import java.util.Optional;

/**
 * The deployment's session rules: default and maximum timeouts, when tokens rotate, how long an
 * older token stays acceptable after rotation, how long a retired key keeps verifying, the cap on
 * live sessions per subject, and how long ended sessions are kept before they are purged.
 */
public record SessionPolicy(
    Duration idleTimeout,
    Duration absoluteTimeout,
    Duration maxIdleTimeout,
    Duration maxAbsoluteTimeout,
    Duration rotateAfter,
    Duration rotationGrace,
    Duration keyOverlap,
    int maxSessionsPerSubject,
    Duration retention) {

  /** The shortest timeout accepted anywhere (tests need one second). */
  public static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);

  private static final Duration MAX_TOUCH_INTERVAL = Duration.ofSeconds(60);

  public SessionPolicy {
    positive("idle_timeout", idleTimeout);
    positive("absolute_timeout", absoluteTimeout);
    positive("max_idle_timeout", maxIdleTimeout);
    positive("max_absolute_timeout", maxAbsoluteTimeout);
    positive("rotate_after", rotateAfter);
    if (rotationGrace.isNegative()) {
      throw new IllegalArgumentException(
          "rotation_grace must not be negative, was " + rotationGrace);
    }
    if (keyOverlap.isNegative()) {
      throw new IllegalArgumentException("key_overlap must not be negative, was " + keyOverlap);
    }
    if (idleTimeout.compareTo(maxIdleTimeout) > 0) {
      throw new IllegalArgumentException(
          "idle_timeout " + idleTimeout + " is above max_idle_timeout " + maxIdleTimeout);
    }
    if (absoluteTimeout.compareTo(maxAbsoluteTimeout) > 0) {
      throw new IllegalArgumentException(
          "absolute_timeout "
              + absoluteTimeout
              + " is above max_absolute_timeout "
              + maxAbsoluteTimeout);
    }
    if (maxSessionsPerSubject < 1) {
      throw new IllegalArgumentException(
          "max_sessions_per_subject must be at least 1, was " + maxSessionsPerSubject);
    }
    positive("retention", retention);
  }

  /** The defaults of the contract: 30 min idle, 12 h absolute, rotation after 15 min, ... */
  public static SessionPolicy defaults() {
    return new SessionPolicy(
        Duration.ofMinutes(30),
        Duration.ofHours(12),
        Duration.ofDays(30),
        Duration.ofDays(30),
        Duration.ofMinutes(15),
        Duration.ofSeconds(30),
        Duration.ofDays(30),
        100,
        Duration.ofDays(7));
  }

  /**
   * How often {@code last_seen_at} is written for a session with this idle timeout: min(60 s,
   * idle/10).
   */
  public static Duration touchInterval(Duration idleTimeout) {
    Duration tenth = idleTimeout.dividedBy(10);
    return tenth.compareTo(MAX_TOUCH_INTERVAL) < 0 ? tenth : MAX_TOUCH_INTERVAL;
  }

  /**
   * Why a requested idle timeout is refused (below one second or above the cap), or empty when it
   * is acceptable.
   */
  public Optional<String> checkIdle(Duration requested) {
    return check("idle_timeout", requested, maxIdleTimeout);
  }

  /** Like {@link #checkIdle} for the absolute timeout. */
  public Optional<String> checkAbsolute(Duration requested) {
    return check("absolute_timeout", requested, maxAbsoluteTimeout);
  }

  private static Optional<String> check(String field, Duration requested, Duration max) {
    if (requested.compareTo(MIN_TIMEOUT) < 0) {
      return Optional.of(field + " must be at least PT1S, was " + requested);
    }
    if (requested.compareTo(max) > 0) {
      return Optional.of(field + " " + requested + " is above the configured maximum " + max);
    }
    return Optional.empty();
  }

  private static void positive(String key, Duration d) {
    if (d.compareTo(MIN_TIMEOUT) < 0) {
      throw new IllegalArgumentException(key + " must be at least PT1S, was " + d);
    }
  }
}
