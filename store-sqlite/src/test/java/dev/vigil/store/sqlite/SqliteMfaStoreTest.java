package dev.vigil.store.sqlite;

import dev.vigil.account.MfaStore;
import dev.vigil.account.UserStore;
import dev.vigil.testkit.MfaStoreContract;
import org.junit.jupiter.api.AfterEach;

class SqliteMfaStoreTest extends MfaStoreContract {
  private SqliteDatabase db;
  private UserStore users;

  @Override
  protected MfaStore newStore() throws Exception {
    db = TempDatabase.open();
    users = new SqliteUserStore(db);
    return new SqliteMfaStore(db);
  }

  @Override
  protected UserStore users() {
    return users;
  }

  @AfterEach
  void close() {
    db.close();
  }
}
