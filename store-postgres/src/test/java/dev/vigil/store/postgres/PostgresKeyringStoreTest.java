package dev.vigil.store.postgres;

import dev.vigil.testkit.KeyringStoreContract;
import dev.vigil.token.KeyringStore;
import org.junit.jupiter.api.AfterEach;

class PostgresKeyringStoreTest extends KeyringStoreContract {
  private TestDatabase db;

  @Override
  protected KeyringStore newStore() {
    db = TestDatabase.open();
    return new PostgresKeyringStore(db.db);
  }

  @AfterEach
  void close() {
    db.close();
  }
}
