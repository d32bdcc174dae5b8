package dev.vigil.store.postgres;

import dev.vigil.account.SignInBlocks;
import dev.vigil.store.jdbc.JdbcSignInBlocks;
import dev.vigil.testkit.SignInBlocksContract;
import org.junit.jupiter.api.AfterEach;

class PostgresSignInBlocksTest extends SignInBlocksContract {
  private TestDatabase db;

  @Override
  protected SignInBlocks newBlocks() {
    db = TestDatabase.open();
    return new JdbcSignInBlocks(db.db, 3);
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }
}
