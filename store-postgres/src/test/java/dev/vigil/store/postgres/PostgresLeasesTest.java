package dev.vigil.store.postgres;

import dev.vigil.lease.Leases;
import dev.vigil.store.jdbc.JdbcLeases;
import dev.vigil.testkit.LeasesContract;
import org.junit.jupiter.api.AfterEach;

class PostgresLeasesTest extends LeasesContract {
  private TestDatabase db;

  @Override
  protected Leases newLeases() {
    db = TestDatabase.open();
    return new JdbcLeases(db.db);
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }
}
