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

  /** Replaces a report's status and update time. */
  void update(Report report);

  /** Reports newest first, optionally only those with {@code status}, at most {@code limit}. */
  List<Report> list(Optional<Report.Status> status, int limit);
}
