package dev.vigil.store.sqlite;

import dev.vigil.account.SignInBlocks;
import dev.vigil.store.jdbc.JdbcSignInBlocks;
import dev.vigil.testkit.SignInBlocksContract;
import org.junit.jupiter.api.AfterEach;

class SqliteSignInBlocksTest extends SignInBlocksContract {
  private SqliteDatabase db;

  @Override
  protected SignInBlocks newBlocks() throws Exception {
    db = TempDatabase.open();
    return new JdbcSignInBlocks(db, 3);
  }

  @AfterEach
  void close() {
    db.close();
  }
}
