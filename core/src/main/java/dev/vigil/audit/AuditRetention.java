package dev.vigil.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the audit log to its retention: {@link #prune} removes the events older than the retention,
 * oldest first, in batches ({@link AuditLog#pruneBefore}), so other writes get their turn between
 * batches. Each batch leaves its own {@code audit.pruned} event. Thread-safe if the log is.
 */
public final class AuditRetention {
  /**
   * The batch the server prunes in. Each batch holds the single SQLite writer while it deletes
   * (about 110 ms for 1,000 events with the eight indexes of the events table on the project
   * machine, docs/BENCHMARKS.md), so the writes queued behind one wait about as long as behind a
   * slow commit; the price is one {@code audit.pruned} event per 1,000 events removed.
   */
  public static final int BATCH = 1_000;

  /** The shortest retention: a day, so a misread setting cannot empty the log at once. */
  public static final Duration MIN_RETENTION = Duration.ofDays(1);

  /** The longest retention: a century, as good as forever, and a cutoff every store can hold. */
  public static final Duration MAX_RETENTION = Duration.ofDays(36_500);

  private final AuditLog log;
  private final Duration retention;
  private final int batch;
  private final Clock clock;

  /**
   * @throws IllegalArgumentException if {@code retention} is outside {@link #MIN_RETENTION} to
   *     {@link #MAX_RETENTION} or {@code batch} is not positive
   */
  public AuditRetention(AuditLog log, Duration retention, int batch, Clock clock) {
    if (retention.compareTo(MIN_RETENTION) < 0 || retention.compareTo(MAX_RETENTION) > 0) {
      throw new IllegalArgumentException(
          "audit retention must be from P1D to P36500D, was " + retention);
    }
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be positive, was " + batch);
    }
    this.log = log;
    this.retention = retention;
    this.batch = batch;
    this.clock = clock;
  }

  /** How long events are kept. */
  public Duration retention() {
    return retention;
  }

  /**
   * Removes every event older than the retention at the head of the log, one batch after another
   * until a batch comes back short.
   *
   * @return how many events were removed
   */
  public long prune() {
    Instant cutoff = clock.instant().minus(retention);
    long removed = 0;
    int n;
    do {
      n = log.pruneBefore(cutoff, batch, clock.instant());
      removed += n;
    } while (n == batch);
    return removed;
  }
}
