package dev.vigil.store.postgres;

import dev.vigil.testkit.OutboxContract;
import org.junit.jupiter.api.AfterEach;

/** The PostgreSQL outbox passes the outbox contract (known devices and single-use links too). */
class PostgresOutboxTest extends OutboxContract {
  private TestDatabase db;

  @Override
  protected Object newStore() {
    db = TestDatabase.open();
    return new PostgresOutbox(db.db);
  }

  @AfterEach
  void close() {
    db.close();
  }
}
