package dev.vigil.store.postgres;

import dev.vigil.account.UserStore;
import dev.vigil.testkit.UserStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The PostgreSQL user store passes the user store contract, races included. */
class PostgresUserStoreTest extends UserStoreContract {
  private TestDatabase db;

  @Override
  protected UserStore newStore() {
    db = TestDatabase.open();
    return new PostgresUserStore(db.db);
  }

  @AfterEach
  void close() {
    db.close();
  }
}
