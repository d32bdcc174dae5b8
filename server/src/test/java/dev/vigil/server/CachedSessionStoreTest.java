package dev.vigil.server;

import dev.vigil.session.SessionStore;
import dev.vigil.store.sqlite.SqliteDatabase;
import dev.vigil.store.sqlite.SqliteSessionStore;
import dev.vigil.testkit.SessionStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * The node cache in front of the SQLite store passes the session store contract, races included:
 * what the cache answers must be what the store decided.
 */
class CachedSessionStoreTest extends SessionStoreContract {
  private SqliteDatabase db;

  @Override
  protected SessionStore newStore() throws Exception {
    Path dir = Files.createTempDirectory("vigil-cache-test");
    db = SqliteDatabase.open(dir.resolve("vigil.db"));
    return new CachedSessionStore(new SqliteSessionStore(db), 10_000, Duration.ofSeconds(10));
  }

  @AfterEach
  void close() {
    db.close();
  }
}
