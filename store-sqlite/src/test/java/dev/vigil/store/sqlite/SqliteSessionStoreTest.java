package dev.vigil.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.session.Session;
import dev.vigil.session.SessionStore;
import dev.vigil.testkit.SessionStoreContract;
import dev.vigil.testkit.TestSessions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SqliteSessionStoreTest extends SessionStoreContract {
  private SqliteDatabase db;

  @Override
  protected SessionStore newStore() throws Exception {
    db = TempDatabase.open();
    return new SqliteSessionStore(db, 3);
  }

  @AfterEach
  void close() {
    db.close();
  }

  /**
   * Every write of a node goes through one committer: a purge done as one write held every other
   * write of the node until it ended (a purge of 1,000,000 sessions: docs/BENCHMARKS.md). In
   * batches, a write queued while the purge runs commits before the purge has ended.
   */
  @Test
  void aWriteQueuedDuringAPurge_commitsBeforeThePurgeEnds() throws Exception {
    SqliteSessionStore purging = new SqliteSessionStore(db, 100);
    int count = 20_000;
    List<Session> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(TestSessions.active(clock, "s" + i, Duration.ofMinutes(1), Duration.ofHours(1)));
      if (batch.size() == 5_000) {
        purging.insertAll(batch);
        batch.clear();
      }
    }
    clock.advance(Duration.ofMinutes(10));

    CompletableFuture<Integer> purge =
        CompletableFuture.supplyAsync(() -> purging.purge(clock.instant()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (stored() == count && !purge.isDone() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    db.write(c -> null); // queued once the purge's first deletions are visible
    long left = stored();

    assertThat(left)
        .as("sessions not yet purged when a write queued during the purge had committed")
        .isPositive();
    assertThat(purge.get(30, TimeUnit.SECONDS)).isEqualTo(count);
    assertThat(stored()).isZero();
  }

  private long stored() {
    return db.read(
        c -> {
          try (var st = c.createStatement();
              var rs = st.executeQuery("SELECT COUNT(*) FROM sessions")) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }
}
