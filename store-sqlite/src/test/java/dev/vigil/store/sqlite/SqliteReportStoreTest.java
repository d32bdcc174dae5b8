package dev.vigil.store.sqlite;

import dev.vigil.audit.ReportStore;
import dev.vigil.store.jdbc.JdbcReportStore;
import dev.vigil.testkit.ReportStoreContract;
import org.junit.jupiter.api.AfterEach;

class SqliteReportStoreTest extends ReportStoreContract {
  private SqliteDatabase db;

  @Override
  protected ReportStore newStore() throws Exception {
    db = TempDatabase.open();
    return new JdbcReportStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }
}
