package dev.vigil.store.sqlite;

import dev.vigil.testkit.EventFeedContract;
import org.junit.jupiter.api.AfterEach;

class SqliteEventFeedTest extends EventFeedContract {
  private SqliteDatabase db;
  private SqliteAuditLog log;

  @Override
  protected Object newLog() throws Exception {
    db = TempDatabase.open();
    log = new SqliteAuditLog(db);
    return log;
  }

  @AfterEach
  void close() {
    log.close();
    db.close();
  }
}
