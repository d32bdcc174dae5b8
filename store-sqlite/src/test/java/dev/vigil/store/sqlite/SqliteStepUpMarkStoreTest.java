package dev.vigil.store.sqlite;

import dev.vigil.session.StepUpMarkStore;
import dev.vigil.store.jdbc.JdbcStepUpMarkStore;
import dev.vigil.testkit.StepUpMarkStoreContract;
import org.junit.jupiter.api.AfterEach;

class SqliteStepUpMarkStoreTest extends StepUpMarkStoreContract {
  private SqliteDatabase db;

  @Override
  protected StepUpMarkStore newStore() throws Exception {
    db = TempDatabase.open();
    return new JdbcStepUpMarkStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }
}
