package dev.vigil.store.postgres;

import dev.vigil.access.ApiKeyStore;
import dev.vigil.testkit.ApiKeyStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The PostgreSQL API key store passes the API key store contract, races included. */
class PostgresApiKeyStoreTest extends ApiKeyStoreContract {
  private TestDatabase db;

  @Override
  protected ApiKeyStore newStore() {
    db = TestDatabase.open();
    return new PostgresApiKeyStore(db.db);
  }

  @AfterEach
  void close() {
    db.close();
  }
}
