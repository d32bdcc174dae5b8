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
    long[] c = counts.computeIfAbsent(by.key(stored), k -> new long[buckets + 1]);
    c[bucket] += count;
    c[buckets] += count;
  }

  /**
   * The statistics counted so far. Only the shown series are materialised: grouped by subject or
   * address a day can hold tens of thousands of keys.
   */
  public InvalidStats result() {
    List<Map.Entry<String, long[]>> ranked = new ArrayList<>(counts.entrySet());
    ranked.sort(
        Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[buckets])
            .thenComparing(Map.Entry::getKey));
    List<InvalidStats.Series> shown = new ArrayList<>(InvalidStats.TOP + 1);
    long[] rest = new long[buckets + 1];
    long total = 0;
    for (int i = 0; i < ranked.size(); i++) {
      long[] c = ranked.get(i).getValue();
      total += c[buckets];
      if (i < InvalidStats.TOP) {
        shown.add(series(ranked.get(i).getKey(), c));
      } else {
        for (int b = 0; b <= buckets; b++) {
          rest[b] += c[b];
        }
      }
    }
    if (ranked.size() > InvalidStats.TOP) {
      shown.add(series(InvalidStats.OTHER, rest));
    }
    return new InvalidStats(from, until, buckets, by, total, shown);
  }

  /** A series from counts per bucket followed by their total. */
  private InvalidStats.Series series(String key, long[] c) {
    List<Long> list = new ArrayList<>(buckets);
    for (int b = 0; b < buckets; b++) {
      list.add(c[b]);
    }
    return new InvalidStats.Series(key, c[buckets], list);
  }
}
