package dev.vigil.store.sqlite;

import dev.vigil.account.UserStore;
import dev.vigil.testkit.UserStoreContract;
import org.junit.jupiter.api.AfterEach;

class SqliteUserStoreTest extends UserStoreContract {
  private SqliteDatabase db;

  @Override
  protected UserStore newStore() throws Exception {
    db = TempDatabase.open();
    return new SqliteUserStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }
}
