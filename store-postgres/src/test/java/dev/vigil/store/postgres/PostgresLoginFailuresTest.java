package dev.vigil.store.postgres;

import dev.vigil.store.jdbc.JdbcLoginFailures;
import dev.vigil.testkit.LoginFailuresContract;
import org.junit.jupiter.api.AfterEach;

/** The PostgreSQL failure counts pass the login failures contract, races included. */
class PostgresLoginFailuresTest extends LoginFailuresContract {
  private TestDatabase db;

  @Override
  protected Stores newStores() {
    db = TestDatabase.open();
    return new Stores(new JdbcLoginFailures(db.db, 3), new PostgresUserStore(db.db));
  }

  @AfterEach
  void close() {
    db.close();
  }
}
