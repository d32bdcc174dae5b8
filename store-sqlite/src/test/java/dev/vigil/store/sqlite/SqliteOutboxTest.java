package dev.vigil.store.sqlite;

import dev.vigil.testkit.OutboxContract;
import org.junit.jupiter.api.AfterEach;

class SqliteOutboxTest extends OutboxContract {
  private SqliteDatabase db;

  @Override
  protected Object newStore() throws Exception {
    db = TempDatabase.open();
    return new SqliteOutbox(db);
  }

  @AfterEach
  void close() {
    db.close();
  }
}
