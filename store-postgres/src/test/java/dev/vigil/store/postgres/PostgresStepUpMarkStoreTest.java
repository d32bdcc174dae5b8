package dev.vigil.store.postgres;

import dev.vigil.session.StepUpMarkStore;
import dev.vigil.store.jdbc.JdbcStepUpMarkStore;
import dev.vigil.testkit.StepUpMarkStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The PostgreSQL step-up mark store passes the step-up mark store contract. */
class PostgresStepUpMarkStoreTest extends StepUpMarkStoreContract {
  private TestDatabase db;

  @Override
  protected StepUpMarkStore newStore() {
    db = TestDatabase.open();
    return new JdbcStepUpMarkStore(db.db);
  }

  @AfterEach
  void close() {
    db.close();
  }
}
