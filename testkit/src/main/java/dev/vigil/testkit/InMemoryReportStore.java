package dev.vigil.testkit;

import dev.vigil.audit.Report;
import dev.vigil.audit.ReportStore;
import dev.vigil.id.ReportId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link ReportStore} in a list, in the order filed, for tests. Synchronized. */
public final class InMemoryReportStore implements ReportStore {
  private final List<Report> reports = new ArrayList<>();

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if a report with the same id is already stored
   */
  @Override
  public synchronized void insert(Report report) {
    if (indexOf(report.id()) >= 0) {
      throw new IllegalStateException("report " + report.id().value() + " is already stored");
    }
    reports.add(report);
  }

  @Override
  public synchronized Optional<Report> find(ReportId id) {
    int i = indexOf(id);
    return i < 0 ? Optional.empty() : Optional.of(reports.get(i));
  }

  @Override
  public synchronized boolean update(Report expected, Report next) {
    int i = indexOf(expected.id());
    if (i < 0 || !reports.get(i).equals(expected)) {
      return false;
    }
    reports.set(i, expected.withStatus(next.status(), next.updatedAt()));
    return true;
  }

  @Override
  public synchronized List<Report> list(Optional<Report.Status> status, int limit) {
    return reports.reversed().stream()
        .filter(r -> status.map(s -> r.status() == s).orElse(true))
        .limit(limit)
        .toList();
  }

  private int indexOf(ReportId id) {
    for (int i = 0; i < reports.size(); i++) {
      if (reports.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }
}
