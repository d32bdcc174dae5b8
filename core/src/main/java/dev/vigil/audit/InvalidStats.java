package dev.vigil.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How many verifications were refused ({@code session.verify_failed} events) in the window from
 * {@code from} (inclusive) to {@code until} (exclusive), cut into {@code buckets} equal buckets and
 * grouped by {@code by}. {@code series} holds the {@link #TOP} keys with the most refusals, most
 * first (ties by key), then, if any key is left, one {@link #OTHER} series summing the rest. Every
 * series has one count per bucket, oldest bucket first.
 *
 * <p>Bucket {@code i} holds the events whose time {@code t} gives {@code i = floor((t - from) *
 * buckets / (until - from))} in nanoseconds ({@link #bucketOf}); when the window does not divide
 * evenly, bucket edges fall on the nanosecond rounded up.
 */
public record InvalidStats(
    Instant from, Instant until, int buckets, StatsDimension by, long total, List<Series> series) {

  /** The most keys reported one by one. */
  public static final int TOP = 20;

  /** The key of the series that sums every key after the {@link #TOP}. */
  public static final String OTHER = "(other)";

  /** The shortest window. */
  public static final Duration MIN_WINDOW = Duration.ofMinutes(1);

  /** The longest window. */
  public static final Duration MAX_WINDOW = Duration.ofDays(31);

  /** The most buckets. */
  public static final int MAX_BUCKETS = 1440;

  public InvalidStats {
    check(from, until, buckets);
    series = List.copyOf(series);
  }

  /** One key's refusals: its total and its count in each bucket, oldest first. */
  public record Series(String key, long total, List<Long> counts) {
    public Series {
      counts = List.copyOf(counts);
    }
  }

  /** The length of the window. */
  public Duration window() {
    return Duration.between(from, until);
  }

  /** The length of one bucket, rounded down to the nanosecond. */
  public Duration bucket() {
    return window().dividedBy(buckets);
  }

  /**
   * The bucket of an event {@code elapsed} nanoseconds after the window's start, for a window of
   * {@code window} nanoseconds in {@code buckets} buckets. Exact in {@code long} arithmetic for
   * every window and bucket count {@link #check} allows.
   */
  public static int bucketOf(long elapsed, long window, int buckets) {
    if (elapsed < 0 || elapsed >= window) {
      throw new IllegalArgumentException(elapsed + " ns is outside a window of " + window + " ns");
    }
    return (int) (elapsed * buckets / window);
  }

  /**
   * Checks a request's window and bucket count.
   *
   * @throws IllegalArgumentException if {@code until} is not after {@code from}, the window is
   *     longer than {@link #MAX_WINDOW}, or {@code buckets} is outside 1 to {@link #MAX_BUCKETS}
   */
  public static void check(Instant from, Instant until, int buckets) {
    if (!until.isAfter(from)) {
      throw new IllegalArgumentException("until " + until + " is not after from " + from);
    }
    if (Duration.between(from, until).compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException(
          "window " + Duration.between(from, until) + " is longer than " + MAX_WINDOW);
    }
    if (buckets < 1 || buckets > MAX_BUCKETS) {
      throw new IllegalArgumentException("buckets must be 1-" + MAX_BUCKETS + ", was " + buckets);
    }
  }
}
