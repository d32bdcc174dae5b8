package dev.vigil.store.sqlite;

import dev.vigil.store.jdbc.JdbcLoginFailures;
import dev.vigil.testkit.LoginFailuresContract;
import org.junit.jupiter.api.AfterEach;

class SqliteLoginFailuresTest extends LoginFailuresContract {
  private SqliteDatabase db;

  @Override
  protected Stores newStores() throws Exception {
    db = TempDatabase.open();
    return new Stores(new JdbcLoginFailures(db, 3), new SqliteUserStore(db));
  }

  @AfterEach
  void close() {
    db.close();
  }
}
