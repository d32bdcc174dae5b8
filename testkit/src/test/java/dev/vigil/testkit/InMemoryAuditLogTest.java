package dev.vigil.testkit;

import dev.vigil.audit.AuditLog;

/** The in-memory audit log passes the same contract as the real stores. */
class InMemoryAuditLogTest extends AuditLogContract {
  @Override
  protected AuditLog newLog() {
    return new InMemoryAuditLog();
  }
}
