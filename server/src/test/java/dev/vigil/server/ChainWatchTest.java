package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.Event;
import dev.vigil.store.sqlite.SqliteAuditLog;
import dev.vigil.store.sqlite.SqliteDatabase;
import dev.vigil.testkit.MutableClock;
import dev.vigil.testkit.TestEvents;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node's periodic chain check: full at first and once a day, continued over the new events in
 * between, and full again at once when a continued check finds the chain broken.
 */
class ChainWatchTest {
  private final MutableClock clock = MutableClock.standard();
  private final List<Event> written = new ArrayList<>();
  private SqliteDatabase db;
  private SqliteAuditLog log;
  private ChainWatch watch;

  @BeforeEach
  void open() throws Exception {
    db =
        SqliteDatabase.open(
            dev.vigil.testkit.TempPaths.directory("vigil-chain-watch").resolve("vigil.db"));
    log = new SqliteAuditLog(db);
    watch = new ChainWatch(log, 1.0, clock);
    for (int i = 0; i < 5; i++) {
      append();
    }
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void fullFirst_thenContinued_thenFullADayAfterTheLastFull() {
    assertThat(run()).isEqualTo(new Outcome(true, true, 5));
    append();
    assertThat(run()).isEqualTo(new Outcome(false, true, 6));
    // an edit behind the last event checked that leaves every link as it was: only a full check
    // reads that far back
    setReason(written.get(1));
    // the first run was 1 s (one append) before the second
    clock.advance(ChainWatch.FULL_EVERY.minusSeconds(2));
    assertThat(run()).isEqualTo(new Outcome(false, true, 6));
    clock.advance(Duration.ofSeconds(1));
    ChainWatch.Run full = watch.run();
    assertThat(full.full()).isTrue();
    assertThat(full.check().firstBroken()).contains(written.get(1).id());
    // broken: every run is full until the chain is whole again
    assertThat(run()).isEqualTo(new Outcome(true, false, 2));
  }

  @Test
  void aContinuedCheckThatFindsTheChainBroken_isFollowedByAFullOne_namingTheFirstEvent() {
    assertThat(run()).isEqualTo(new Outcome(true, true, 5));
    setReason(written.get(0));
    append();
    setReason(written.getLast());
    ChainWatch.Run run = watch.run();
    assertThat(run.full()).isTrue();
    assertThat(run.check().intact()).isFalse();
    assertThat(run.check().firstBroken()).contains(written.get(0).id());
  }

  private record Outcome(boolean full, boolean intact, long events) {}

  private Outcome run() {
    ChainWatch.Run run = watch.run();
    return new Outcome(run.full(), run.check().intact(), run.check().events());
  }

  private void append() {
    Event e = TestEvents.created(clock.instant(), "user-" + written.size());
    log.append(e);
    written.add(e);
    clock.advance(Duration.ofSeconds(1));
  }

  private void setReason(Event e) {
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE events SET reason = 'EDITED' WHERE id = ?")) {
            ps.setString(1, e.id().value());
            return ps.executeUpdate();
          }
        });
  }
}
