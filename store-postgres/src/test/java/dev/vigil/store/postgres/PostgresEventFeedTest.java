package dev.vigil.store.postgres;

import dev.vigil.testkit.EventFeedContract;
import org.junit.jupiter.api.AfterEach;

/** The PostgreSQL audit log, read as a feed, passes the event feed contract. */
class PostgresEventFeedTest extends EventFeedContract {
  private TestDatabase db;
  private PostgresAuditLog log;

  @Override
  protected Object newLog() {
    db = TestDatabase.open();
    log = new PostgresAuditLog(db.db);
    return log;
  }

  @AfterEach
  void close() {
    if (log != null) {
      log.close();
    }
    if (db != null) {
      db.close();
    }
  }
}
