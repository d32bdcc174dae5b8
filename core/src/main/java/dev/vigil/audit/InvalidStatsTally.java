package dev.vigil.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adds up refused verifications into {@link InvalidStats}: an adapter counts events per stored
 * value and bucket (in SQL or in memory) and hands each count to {@link #add}; the tally turns
 * stored values into keys with {@link StatsDimension#key}, merges values that share a key, and
 * ranks the keys. Not thread-safe: one tally per request.
 */
public final class InvalidStatsTally {
  private final Instant from;
  private final Instant until;
  private final int buckets;
  private final StatsDimension by;
  private final Map<String, long[]> counts = new HashMap<>();

  /**
   * A tally for one window.
   *
   * @throws IllegalArgumentException as {@link InvalidStats#check} does
   */
  public InvalidStatsTally(Instant from, Instant until, int buckets, StatsDimension by) {
    InvalidStats.check(from, until, buckets);
    this.from = from;
    this.until = until;
    this.buckets = buckets;
    this.by = by;
  }

  /** The bucket of an event at {@code time}, which must lie in the window. */
  public int bucketOf(Instant time) {
    return InvalidStats.bucketOf(
        Duration.between(from, time).toNanos(), Duration.between(from, until).toNanos(), buckets);
  }

  /**
   * Counts {@code count} events whose field holds {@code stored} in bucket {@code bucket}.
   *
   * @throws IllegalArgumentException if the bucket is outside 0 to buckets - 1 or the count is
   *     negative
   */
  public void add(Optional<String> stored, int bucket, long count) {
    if (bucket < 0 || bucket >= buckets || count < 0) {
      throw new IllegalArgumentException(
          "bucket " + bucket + " of " + buckets + " with count " + count);
    }
    counts.computeIfAbsent(by.key(stored), k -> new long[buckets])[bucket] += count;
  }

  /** The statistics counted so far. */
  public InvalidStats result() {
    List<InvalidStats.Series> all = new ArrayList<>(counts.size());
    counts.forEach((key, c) -> all.add(series(key, c)));
    all.sort(
        Comparator.comparingLong(InvalidStats.Series::total)
            .reversed()
            .thenComparing(InvalidStats.Series::key));
    long total = all.stream().mapToLong(InvalidStats.Series::total).sum();
    if (all.size() <= InvalidStats.TOP) {
      return new InvalidStats(from, until, buckets, by, total, all);
    }
    long[] rest = new long[buckets];
    for (InvalidStats.Series s : all.subList(InvalidStats.TOP, all.size())) {
      for (int i = 0; i < buckets; i++) {
        rest[i] += s.counts().get(i);
      }
    }
    List<InvalidStats.Series> shown = new ArrayList<>(all.subList(0, InvalidStats.TOP));
    shown.add(series(InvalidStats.OTHER, rest));
    return new InvalidStats(from, until, buckets, by, total, shown);
  }

  private static InvalidStats.Series series(String key, long[] c) {
    List<Long> list = new ArrayList<>(c.length);
    long total = 0;
    for (long n : c) {
      list.add(n);
      total += n;
    }
    return new InvalidStats.Series(key, total, list);
  }
}
