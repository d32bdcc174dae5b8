package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.session.Session;
import dev.vigil.session.SessionStore;
import dev.vigil.store.sqlite.SqliteDatabase;
import dev.vigil.store.sqlite.SqliteSessionStore;
import dev.vigil.testkit.SessionStoreContract;
import dev.vigil.testkit.TestSessions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The node cache in front of the SQLite store passes the session store contract, races included:
 * what the cache answers must be what the store decided.
 */
class CachedSessionStoreTest extends SessionStoreContract {
  private SqliteDatabase db;

  @Override
  protected SessionStore newStore() throws Exception {
    Path dir = dev.vigil.testkit.TempPaths.directory("vigil-cache-test");
    db = SqliteDatabase.open(dir.resolve("vigil.db"));
    return new CachedSessionStore(new SqliteSessionStore(db), 10_000, Duration.ofSeconds(10));
  }

  private CachedSessionStore cache() {
    return (CachedSessionStore) store;
  }

  @Test
  void findToChange_ofAnUncachedSession_readsTheStoreWithoutCachingIt() {
    Session s = TestSessions.active(clock);
    insert(s);
    assertThat(store.findToChange(s.id())).contains(s);
    assertThat(cache().cachedSessions()).isZero();
  }

  @Test
  void findToChange_ofACachedSession_answersFromTheCachedCopy() {
    Session s = TestSessions.active(clock);
    insert(s);
    store.find(s.id());
    assertThat(cache().cachedSessions()).isOne();
    db.close(); // nothing can be read from the store now
    assertThat(store.findToChange(s.id())).contains(s);
  }

  @AfterEach
  void close() {
    db.close();
  }
}
