package dev.vigil.store.sqlite;

import dev.vigil.lease.Leases;
import dev.vigil.store.jdbc.JdbcLeases;
import dev.vigil.testkit.LeasesContract;
import org.junit.jupiter.api.AfterEach;

class SqliteLeasesTest extends LeasesContract {
  private SqliteDatabase db;

  @Override
  protected Leases newLeases() throws Exception {
    db = TempDatabase.open();
    return new JdbcLeases(db);
  }

  @AfterEach
  void close() {
    db.close();
  }
}
