package dev.vigil.server;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.ChainVerifier;
import dev.vigil.audit.EventChain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The node's periodic check of the event log's hash chain. The first run is a full check, and so is
 * the first run {@link #FULL_EVERY} after the last full one; every other run continues the last
 * intact check ({@link AuditLog#verifyChain(ChainVerifier, double)}) over the events written since,
 * so that a run's work follows the events written rather than the size of the log (a full check of
 * 428,095 events every 10 minutes took 12 s of processor at 28 us an event, and held requests up in
 * a soak: docs/BENCHMARKS.md, "Soak"). A continued check sees again the last event it had checked,
 * so a rewrite that relinked the chain up to there is caught at once; an edit that left every
 * stored link as it was waits for the next full check. A continued check that finds the chain
 * broken is followed at once by a full one, which names the first event that fails rather than the
 * last one checked. A broken chain, or a check that failed, makes the next run full. Not
 * thread-safe: run from one thread.
 */
final class ChainWatch {
  /** How long a continued check may go on from the last full one. */
  static final Duration FULL_EVERY = Duration.ofDays(1);

  private final AuditLog log;
  private final double share;
  private final Clock clock;
  private Optional<ChainVerifier> kept = Optional.empty();
  private Instant lastFull = Instant.MIN;

  /**
   * One run's outcome.
   *
   * @param check what the check found (for a continued check, over the whole log it vouches for)
   * @param full whether the whole log was read
   */
  record Run(EventChain.Check check, boolean full) {}

  /**
   * Checks {@code log} at most {@code share} of one core ({@link AuditLog#verifyChain(double)}).
   */
  ChainWatch(AuditLog log, double share, Clock clock) {
    this.log = log;
    this.share = share;
    this.clock = clock;
  }

  /**
   * Runs one check, full or continued as the class describes.
   *
   * @throws dev.vigil.session.StoreUnavailableException if the log cannot be read; the next run is
   *     then full
   */
  Run run() {
    Instant now = clock.instant();
    Optional<ChainVerifier> resumed = kept;
    kept = Optional.empty();
    boolean full = resumed.isEmpty() || !now.isBefore(lastFull.plus(FULL_EVERY));
    ChainVerifier verifier = full ? fresh() : resumed.get();
    EventChain.Check check = log.verifyChain(verifier, share);
    if (!full && !check.intact()) {
      full = true;
      verifier = fresh();
      check = log.verifyChain(verifier, share);
    }
    if (full) {
      lastFull = now;
    }
    if (check.intact()) {
      kept = Optional.of(verifier);
    }
    return new Run(check, full);
  }

  private static ChainVerifier fresh() {
    return new ChainVerifier(Optional.empty());
  }
}
