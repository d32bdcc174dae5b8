package dev.vigil.store.postgres;

import dev.vigil.audit.ReportStore;
import dev.vigil.store.jdbc.JdbcReportStore;
import dev.vigil.testkit.ReportStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The PostgreSQL report store passes the report store contract. */
class PostgresReportStoreTest extends ReportStoreContract {
  private TestDatabase db;

  @Override
  protected ReportStore newStore() {
    db = TestDatabase.open();
    return new JdbcReportStore(db.db);
  }

  @AfterEach
  void close() {
    db.close();
  }
}
