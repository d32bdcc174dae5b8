package dev.vigil.store.sqlite;

import dev.vigil.access.ApiKeyStore;
import dev.vigil.testkit.ApiKeyStoreContract;
import org.junit.jupiter.api.AfterEach;

class SqliteApiKeyStoreTest extends ApiKeyStoreContract {
  private SqliteDatabase db;

  @Override
  protected ApiKeyStore newStore() throws Exception {
    db = TempDatabase.open();
    return new SqliteApiKeyStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }
}
