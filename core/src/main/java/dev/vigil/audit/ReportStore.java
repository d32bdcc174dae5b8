package dev.vigil.audit;

import dev.vigil.id.ReportId;
import java.util.List;
import java.util.Optional;

/**
 * Where reports are kept. Methods may throw {@link dev.vigil.session.StoreUnavailableException}.
 */
public interface ReportStore {
  /** Stores a new report. */
  void insert(Report report);

  /** The report with this id. */
  Optional<Report> find(ReportId id);

  /**
   * Replaces the stored report's status and update time by {@code next}'s if they are still {@code
   * expected}'s, atomically in the store (two operators moving one report cannot both win).
   *
   * @return whether the report was replaced; false for an unknown report or one changed since
   */
  boolean update(Report expected, Report next);

  /**
   * {@link #update(Report, Report)} and, when it replaced the report, {@code event} appended to
   * {@code log}. Two writes by default, the change first; a store that keeps {@code log} in its own
   * database makes them one.
   *
   * @return whether the report was replaced (and the event appended)
   */
  default boolean update(Report expected, Report next, AuditLog log, Event event) {
    if (!update(expected, next)) {
      return false;
    }
    log.append(event);
    return true;
  }

  /** Reports newest first, optionally only those with {@code status}, at most {@code limit}. */
  List<Report> list(Optional<Report.Status> status, int limit);
}
