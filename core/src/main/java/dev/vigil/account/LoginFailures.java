package dev.vigil.account;

import java.time.Instant;
import java.util.Optional;

/**
 * Where consecutive failed sign-ins are counted, per username key ({@link Username#key()}), for
 * known and unknown usernames alike. Every method may throw {@link
 * dev.vigil.session.StoreUnavailableException}. The count is changed only by {@link
 * #compareAndCount}, a compare-and-set in the store, so that several threads and several Vigil
 * nodes never check more passwords than one-after-another would allow ({@link LoginThrottle}).
 *
 * <p>The contract tests in {@code testkit} ({@code LoginFailuresContract}) pin down the semantics,
 * the race included.
 */
public interface LoginFailures {
  /**
   * The count of a username key.
   *
   * @param failures consecutive failures since the last success; 0 when none is recorded
   * @param lastFailureAt when the latest was counted; empty exactly when {@code failures} is 0
   */
  record Count(int failures, Optional<Instant> lastFailureAt) {
    /** No failure recorded. */
    public static final Count NONE = new Count(0, Optional.empty());

    public Count {
      if (failures < 0 || (failures == 0) != lastFailureAt.isEmpty()) {
        throw new IllegalArgumentException(
            "failures " + failures + " with last failure " + lastFailureAt);
      }
    }
  }

  /** The current count of {@code key}; {@link Count#NONE} when nothing is recorded. */
  Count find(String key);

  /**
   * Counts one more failure at {@code at}, only if the stored count is still exactly {@code
   * expected} (failures and time; {@link Count#NONE} means no row). Atomic: of many callers holding
   * the same {@code expected}, exactly one succeeds.
   *
   * @return whether this call counted
   */
  boolean compareAndCount(String key, Count expected, Instant at);

  /** Forgets the failures of {@code key} (a success, or an operator's reset). */
  void clear(String key);

  /**
   * {@link #clear(String)}, and {@code event} appended to {@code log}: in the same transaction
   * where this store keeps {@code log} in its own database (one write, and the two are stored
   * together or not at all), else one after the other, as this default does.
   */
  default void clear(String key, dev.vigil.audit.AuditLog log, dev.vigil.audit.Event event) {
    clear(key);
    log.append(event);
  }

  /**
   * Forgets the counts of keys that belong to no account, whose last failure was before {@code
   * cutoff} and which are below {@code hardStop}, so that guessed names cannot fill the store.
   *
   * @return how many were forgotten
   */
  int purgeUnknown(Instant cutoff, int hardStop);
}
