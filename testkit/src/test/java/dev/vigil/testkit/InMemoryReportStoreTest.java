package dev.vigil.testkit;

import dev.vigil.audit.ReportStore;

/** The in-memory report store passes the same contract as the real stores. */
class InMemoryReportStoreTest extends ReportStoreContract {
  @Override
  protected ReportStore newStore() {
    return new InMemoryReportStore();
  }
}
