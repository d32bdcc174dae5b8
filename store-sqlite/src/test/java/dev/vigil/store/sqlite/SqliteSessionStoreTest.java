package dev.vigil.store.sqlite;

import dev.vigil.session.SessionStore;
import dev.vigil.testkit.SessionStoreContract;
import org.junit.jupiter.api.AfterEach;

class SqliteSessionStoreTest extends SessionStoreContract {
  private SqliteDatabase db;

  @Override
  protected SessionStore newStore() throws Exception {
    db = TempDatabase.open();
    return new SqliteSessionStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }
}
