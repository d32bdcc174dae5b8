package dev.vigil.store.postgres;

import dev.vigil.account.MfaStore;
import dev.vigil.account.UserStore;
import dev.vigil.testkit.MfaStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * The PostgreSQL MFA store passes the MFA store contract, races included; its user is stored first
 * (foreign keys).
 */
class PostgresMfaStoreTest extends MfaStoreContract {
  private TestDatabase db;
  private UserStore users;

  @Override
  protected MfaStore newStore() {
    db = TestDatabase.open();
    users = new PostgresUserStore(db.db);
    return new PostgresMfaStore(db.db);
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
