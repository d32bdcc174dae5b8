package dev.vigil.testkit;

/** The in-memory log read as a feed passes the same contract as the real stores. */
class InMemoryEventFeedTest extends EventFeedContract {
  @Override
  protected Object newLog() {
    return new InMemoryAuditLog();
  }
}
