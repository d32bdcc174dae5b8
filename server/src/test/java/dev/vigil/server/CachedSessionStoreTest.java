package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.session.Revocation;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.Session;
import dev.vigil.session.SessionStore;
import dev.vigil.store.sqlite.SqliteDatabase;
import dev.vigil.store.sqlite.SqliteSessionStore;
import dev.vigil.testkit.ForwardingSessionStore;
import dev.vigil.testkit.SessionStoreContract;
import dev.vigil.testkit.TestSessions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
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

  @Test
  void compareAndSet_ofACachedSession_thatTheStoreTakes_leavesTheNewStateCached() {
    Session s = TestSessions.active(clock);
    insert(s);
    store.find(s.id()); // in use: cached
    Session next = rotate(s);
    assertThat(store.compareAndSet(s, next)).isTrue();
    assertThat(cache().cachedSessions()).isOne();
    db.close(); // the rotated session's next request is answered without the store
    assertThat(store.findToChange(s.id())).contains(next);
    assertThat(store.find(s.id())).contains(next);
  }

  @Test
  void compareAndSet_ofACachedSession_neverMovesItsLastUseBackwards() {
    Session s = TestSessions.active(clock);
    insert(s);
    store.find(s.id());
    Session next = rotate(s); // made before the use below, as a slow rotation's is
    clock.advance(Duration.ofMinutes(10));
    store.touch(s.id(), clock.instant());
    assertThat(store.compareAndSet(s, next)).isTrue();
    db.close();
    assertThat(store.find(s.id()).orElseThrow().lastSeenAt()).isEqualTo(clock.instant());
  }

  @Test
  void compareAndSet_ofASessionNotCached_cachesWhatTheStoreTook() {
    Session s = TestSessions.active(clock);
    insert(s);
    Session next = rotate(s);
    assertThat(store.compareAndSet(s, next)).isTrue();
    assertThat(cache().cachedSessions()).isOne();
    db.close(); // the new token's first use, and the chain's next rotation, need no store read
    assertThat(store.find(s.id())).contains(next);
    assertThat(store.findToChange(s.id())).contains(next);
  }

  @Test
  void compareAndSet_thatTheStoreRefuses_leavesNothingCached() {
    Session s = TestSessions.active(clock);
    insert(s);
    Session next = rotate(s);
    assertThat(store.compareAndSet(s, next)).isTrue();
    store.find(s.id());
    assertThat(store.compareAndSet(s, rotate(s))).isFalse();
    assertThat(cache().cachedSessions()).isZero();
    assertThat(store.find(s.id())).contains(next);
  }

  /**
   * A logout whose store write lands while a rotation's write is in flight: the rotation's cached
   * copy must not outlive the revocation. The rotation is held after its store write, until the
   * logout has finished (or is waiting for the rotation's cache update, as it must), then goes on.
   */
  @Test
  void revocation_duringARotationsWrite_isNotUndoneByTheCachedCopy() throws Exception {
    SqliteSessionStore sqlite = new SqliteSessionStore(db);
    CountDownLatch rotationWritten = new CountDownLatch(1);
    CountDownLatch revocationEnded = new CountDownLatch(1);
    AtomicReference<Thread> revoking = new AtomicReference<>();
    SessionStore holding =
        new ForwardingSessionStore() {
          @Override
          protected SessionStore delegate() {
            return sqlite;
          }

          @Override
          public boolean compareAndSet(Session expected, Session next) {
            boolean done = super.compareAndSet(expected, next);
            rotationWritten.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (revocationEnded.getCount() > 0
                && (revoking.get() == null || revoking.get().getState() != Thread.State.BLOCKED)
                && System.nanoTime() < deadline) {
              LockSupport.parkNanos(1_000_000);
            }
            return done;
          }
        };
    CachedSessionStore cached = new CachedSessionStore(holding, 100, Duration.ofSeconds(10));
    Session s = TestSessions.active(clock);
    insert(s);
    cached.find(s.id()); // in use: cached
    Revocation logout = new Revocation(RevocationCause.LOGOUT, clock.instant(), "app");
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      Future<Boolean> rotation = pool.submit(() -> cached.compareAndSet(s, rotate(s)));
      await(rotationWritten);
      Future<Optional<Session>> revocation =
          pool.submit(
              () -> {
                revoking.set(Thread.currentThread());
                try {
                  return cached.revoke(s.id(), logout);
                } finally {
                  revocationEnded.countDown();
                }
              });
      assertThat(rotation.get(20, TimeUnit.SECONDS)).isTrue();
      assertThat(revocation.get(20, TimeUnit.SECONDS)).isPresent();
    }
    assertThat(cached.find(s.id()).orElseThrow().revocation()).contains(logout);
    assertThat(cached.findToChange(s.id()).orElseThrow().revocation()).contains(logout);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void close() {
    db.close();
  }
}
