package dev.vigil.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.ChainVerifier;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventChain;
import dev.vigil.testkit.MutableClock;
import dev.vigil.testkit.TestEvents;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The chain check reads the log in batches, each in a read transaction of its own: between two
 * batches a checkpoint can empty the write-ahead log, and a pruning that commits there moves the
 * anchor without the intact log being reported broken. Ten events an hour apart, batches of three
 * to five.
 */
class SqliteChainCheckBatchesTest {
  private final MutableClock clock = MutableClock.standard();
  private final List<Event> written = new ArrayList<>();
  private Path file;
  private SqliteDatabase db;
  private SqliteAuditLog log;

  @BeforeEach
  void fill() throws Exception {
    file = dev.vigil.testkit.TempPaths.directory("vigil-chain-batches").resolve("vigil.db");
    db = SqliteDatabase.open(file);
    log = new SqliteAuditLog(db);
    for (int i = 0; i < 10; i++) {
      written.add(event(i));
      clock.advance(Duration.ofHours(1));
    }
    log.appendAll(written);
    clock.advance(Duration.ofDays(2));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void betweenBatches_noReadTransactionIsOpen_soACheckpointEmptiesTheWriteAheadLog()
      throws Exception {
    List<Integer> busy = new ArrayList<>();
    EventChain.Check check =
        log.verifyChain(
            new ChainVerifier(Optional.empty()),
            1.0,
            3,
            () -> {
              log.appendAll(List.of(event(100 + busy.size())));
              busy.add(truncatingCheckpoint());
            },
            nanos -> {});
    assertThat(check.intact()).isTrue();
    assertThat(check.events()).isEqualTo(10);
    // three pauses (after events 3, 6 and 9), and each checkpoint could reset the log: with the
    // check's snapshot held open it answers busy (1)
    assertThat(busy).containsExactly(0, 0, 0);
  }

  @Test
  void aPruningPastTheEventsChecked_movesTheCheckToItsAnchor() {
    EventChain.Check check = checkPruningOnce(3, 6);
    assertThat(check.intact()).isTrue();
    assertThat(check.anchor().orElseThrow().seq()).isEqualTo(6);
    // events 1-3 checked, 4-6 pruned unread, then 7-10 and the pruning's own event 11: the log
    // holds those five
    assertThat(check.events()).isEqualTo(4 + 1);
    assertThat(log.verifyChain().intact()).isTrue();
  }

  /**
   * A pruning up to the last event checked (the chain goes on from the anchor, whose link must be
   * that event's), or behind it (the chain goes on as it was): all 11 events are checked either
   * way, and the count is of those the log still holds.
   */
  @ParameterizedTest(name = "batches of {0}, the {1} oldest pruned after the first")
  @CsvSource({"3, 3", "5, 2"})
  void aPruningUpToOrBehindTheEventsChecked_keepsTheChain_andTakesTheNewAnchor(
      int batch, int pruned) {
    EventChain.Check check = checkPruningOnce(batch, pruned);
    assertThat(check.intact()).isTrue();
    assertThat(check.anchor().orElseThrow().seq()).isEqualTo(pruned);
    assertThat(check.events()).isEqualTo(11 - pruned);
    assertThat(check).isEqualTo(log.verifyChain());
  }

  @Test
  void anAnchorRemovedBetweenBatches_isReported() {
    assertThat(log.pruneBefore(written.get(2).time(), 100, clock.instant())).isEqualTo(2);
    EventChain.Check check = checkWithSqlOnce(3, "DELETE FROM audit_anchor");
    assertThat(check.intact()).isFalse();
    assertThat(check.firstBroken()).isEmpty();
  }

  @Test
  void anAnchorMovedBackBetweenBatches_isReported() {
    assertThat(log.pruneBefore(written.get(4).time(), 100, clock.instant())).isEqualTo(4);
    EventChain.Check check =
        checkWithSqlOnce(5, "UPDATE audit_anchor SET seq = 3, pruned_count = 3");
    assertThat(check.intact()).isFalse();
    assertThat(check.firstBroken()).isEmpty();
  }

  @Test
  void anAnchorAtTheLastEventChecked_withAnotherLink_isReported() {
    // events 1-3 checked; then an "anchor" at event 3 whose link is not event 3's
    EventChain.Check check =
        checkWithSqlOnce(
            3,
            "INSERT INTO audit_anchor (id, seq, link, pruned_count, pruned_through, pruned_at)"
                + " VALUES (1, 3, '"
                + "ab".repeat(32)
                + "', 3, 0, 0)");
    assertThat(check.intact()).isFalse();
    assertThat(check.firstBroken()).isEmpty();
  }

  /** A check in batches of {@code batch} during which {@code sql} runs after the first batch. */
  private EventChain.Check checkWithSqlOnce(int batch, String sql) {
    return checkWithOnce(
        batch,
        () ->
            db.write(
                c -> {
                  try (Statement st = c.createStatement()) {
                    return st.executeUpdate(sql);
                  }
                }));
  }

  /**
   * A check in batches of {@code batch} during which, after the first batch, the events older than
   * {@code written[prunedBelow]} are pruned (the {@code prunedBelow} oldest).
   */
  private EventChain.Check checkPruningOnce(int batch, int prunedBelow) {
    return checkWithOnce(
        batch,
        () ->
            assertThat(log.pruneBefore(written.get(prunedBelow).time(), 100, clock.instant()))
                .isEqualTo(prunedBelow));
  }

  /** A check in batches of {@code batch} that runs {@code once} after its first batch only. */
  private EventChain.Check checkWithOnce(int batch, Runnable once) {
    boolean[] done = {false};
    return log.verifyChain(
        new ChainVerifier(Optional.empty()),
        1.0,
        batch,
        () -> {
          if (!done[0]) {
            done[0] = true;
            once.run();
          }
        },
        nanos -> {});
  }

  /**
   * {@code PRAGMA wal_checkpoint(TRUNCATE)} from a connection of its own, not waiting on a busy
   * database: its busy flag, 0 as soon as one attempt of up to ten, 50 ms apart, empties the log.
   * The database's own checkpointer runs a passive checkpoint every {@link
   * SqliteDatabase#CHECKPOINT_PERIOD}, and a checkpoint that finds another running answers busy at
   * once (SQLite's checkpoint lock): CI saw one such collision. A read transaction held open
   * answers busy at every attempt.
   */
  private int truncatingCheckpoint() {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = 0");
      int busy = 1;
      for (int attempt = 0; attempt < 10 && busy != 0; attempt++) {
        if (attempt > 0) {
          Thread.sleep(50);
        }
        try (ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
          rs.next();
          busy = rs.getInt(1);
        }
      }
      return busy;
    } catch (java.sql.SQLException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private Event event(int i) {
    return TestEvents.created(clock.instant(), "user-" + i);
  }
}
