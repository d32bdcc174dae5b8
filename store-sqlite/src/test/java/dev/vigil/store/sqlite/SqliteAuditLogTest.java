package dev.vigil.store.sqlite;

import dev.vigil.audit.AuditLog;
import dev.vigil.testkit.AuditLogContract;
import org.junit.jupiter.api.AfterEach;

class SqliteAuditLogTest extends AuditLogContract {
  private SqliteDatabase db;

  @Override
  protected AuditLog newLog() throws Exception {
    db = TempDatabase.open();
    return new SqliteAuditLog(db);
  }

  @AfterEach
  void close() {
    db.close();
  }
}
