package dev.vigil.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Adds up refused verifications into {@link InvalidStats}: an adapter counts events per stored
 * value and bucket (in SQL or in memory) and hands each count to {@link #add}; the tally turns
 * stored values into keys with {@link StatsDimension#key}, merges values that share a key, and
 * ranks the keys. Not thread-safe: one tally per request.
 *
 * <p>Memory is bounded by what was added, never by keys times buckets: each count is kept as one
 * 16-byte row (key number, bucket, count) and only the shown series get an array per bucket. The
 * keys come from the callers' data (subjects, addresses, user agents), so a month in 1,440 buckets
 * by a user agent that changes with every request must not cost a dense array per key.
 */
public final class InvalidStatsTally {
  private final Instant from;
  private final Instant until;
  private final int buckets;
  private final StatsDimension by;
  private final java.util.function.UnaryOperator<String> refine;
  private final Map<String, Integer> numbers = new HashMap<>();
  private final List<String> keys = new ArrayList<>();
  private long[] totals = new long[16];
  private int[] rowKey = new int[64];
  private int[] rowBucket = new int[64];
  private long[] rowCount = new long[64];
  private int rows;

  /**
   * A tally for one window.
   *
   * @throws IllegalArgumentException as {@link InvalidStats#check} does
   */
  public InvalidStatsTally(Instant from, Instant until, int buckets, StatsDimension by) {
    this(from, until, buckets, by, java.util.function.UnaryOperator.identity());
  }

  /**
   * A tally whose keys, but {@link StatsDimension#NONE}, pass through {@code refine}.
   *
   * @throws IllegalArgumentException as {@link InvalidStats#check} does
   */
  public InvalidStatsTally(
      Instant from,
      Instant until,
      int buckets,
      StatsDimension by,
      java.util.function.UnaryOperator<String> refine) {
    InvalidStats.check(from, until, buckets);
    this.refine = refine;
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
    String key = by.key(stored);
    int k = number(key.equals(StatsDimension.NONE) ? key : refine.apply(key));
    totals[k] += count;
    if (rows == rowKey.length) {
      rowKey = Arrays.copyOf(rowKey, rows * 2);
      rowBucket = Arrays.copyOf(rowBucket, rows * 2);
      rowCount = Arrays.copyOf(rowCount, rows * 2);
    }
    rowKey[rows] = k;
    rowBucket[rows] = bucket;
    rowCount[rows] = count;
    rows++;
  }

  /** The statistics counted so far. */
  public InvalidStats result() {
    List<Integer> top = top();
    int[] shownAt = new int[keys.size()];
    Arrays.fill(shownAt, -1);
    long[][] counts = new long[top.size() + 1][buckets];
    for (int i = 0; i < top.size(); i++) {
      shownAt[top.get(i)] = i;
    }
    long total = 0;
    for (int r = 0; r < rows; r++) {
      int at = shownAt[rowKey[r]];
      counts[at < 0 ? top.size() : at][rowBucket[r]] += rowCount[r];
      total += rowCount[r];
    }
    List<InvalidStats.Series> series = new ArrayList<>(top.size() + 1);
    for (int i = 0; i < top.size(); i++) {
      series.add(series(keys.get(top.get(i)), counts[i]));
    }
    if (keys.size() > top.size()) {
      series.add(series(InvalidStats.OTHER, counts[top.size()]));
    }
    return new InvalidStats(from, until, buckets, by, total, series);
  }

  /** The numbers of the {@link InvalidStats#TOP} keys, most refusals first, ties by key. */
  private List<Integer> top() {
    Comparator<Integer> rank =
        Comparator.<Integer>comparingLong(k -> -totals[k]).thenComparing(keys::get);
    PriorityQueue<Integer> worstFirst = new PriorityQueue<>(rank.reversed());
    for (int k = 0; k < keys.size(); k++) {
      worstFirst.add(k);
      if (worstFirst.size() > InvalidStats.TOP) {
        worstFirst.poll();
      }
    }
    List<Integer> top = new ArrayList<>(worstFirst);
    top.sort(rank);
    return top;
  }

  private int number(String key) {
    Integer k = numbers.get(key);
    if (k != null) {
      return k;
    }
    int next = keys.size();
    numbers.put(key, next);
    keys.add(key);
    if (next == totals.length) {
      totals = Arrays.copyOf(totals, next * 2);
    }
    return next;
  }

  private static InvalidStats.Series series(String key, long[] counts) {
    List<Long> list = new ArrayList<>(counts.length);
    long total = 0;
    for (long n : counts) {
      list.add(n);
      total += n;
    }
    return new InvalidStats.Series(key, total, list);
  }
}
