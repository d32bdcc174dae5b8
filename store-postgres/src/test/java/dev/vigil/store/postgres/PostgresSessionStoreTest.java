package dev.vigil.store.postgres;

import dev.vigil.session.SessionStore;
import dev.vigil.testkit.SessionStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The PostgreSQL session store passes the session store contract, races included. */
class PostgresSessionStoreTest extends SessionStoreContract {
  private TestDatabase db;

  @Override
  protected SessionStore newStore() {
    db = TestDatabase.open();
    return new PostgresSessionStore(db.db, 3);
  }

  @AfterEach
  void close() {
    db.close();
  }
}
