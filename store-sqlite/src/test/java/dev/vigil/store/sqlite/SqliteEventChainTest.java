package dev.vigil.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.audit.ChainVerifier;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventChain;
import dev.vigil.id.EventId;
import dev.vigil.testkit.MutableClock;
import dev.vigil.testkit.TestEvents;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Editing, deleting or reordering stored events with SQL is reported by the chain check. */
class SqliteEventChainTest {
  private final MutableClock clock = MutableClock.standard();
  private final SecureRandom random = new SecureRandom();
  private SqliteDatabase db;
  private SqliteAuditLog log;
  private final List<Event> written = new ArrayList<>();

  @BeforeEach
  void fill() throws Exception {
    db = TempDatabase.open();
    log = new SqliteAuditLog(db);
    for (Event e : TestEvents.refusals(clock, 6)) {
      log.append(e);
      written.add(e);
    }
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void untouched_isIntact() {
    assertThat(log.verifyChain())
        .isEqualTo(new EventChain.Check(true, 6, Optional.empty(), Optional.empty()));
  }

  @Test
  void editedEvent_isNamed() {
    sql("UPDATE events SET reason = 'EXPIRED_IDLE' WHERE id = ?", written.get(2).id().value());
    assertThat(log.verifyChain().firstBroken()).contains(written.get(2).id());
  }

  @Test
  void editedDetail_isNamed() {
    sql("UPDATE events SET detail = '{\"n\":\"99\"}' WHERE id = ?", written.get(4).id().value());
    EventChain.Check check = log.verifyChain();
    assertThat(check.intact()).isFalse();
    assertThat(check.firstBroken()).contains(written.get(4).id());
  }

  @Test
  void deletedEvent_breaksTheChainAtTheNextOne() {
    sql("DELETE FROM events WHERE id = ?", written.get(1).id().value());
    assertThat(log.verifyChain().firstBroken()).contains(written.get(2).id());
  }

  @Test
  void reorderedEvents_areReported() {
    sql("UPDATE events SET seq = 1000 WHERE id = ?", written.get(0).id().value());
    EventChain.Check check = log.verifyChain();
    assertThat(check.intact()).isFalse();
    assertThat(check.firstBroken()).contains(written.get(1).id());
  }

  @Test
  void deletedOldestEvent_withoutAnAnchor_isReported() {
    sql("DELETE FROM events WHERE id = ?", written.get(0).id().value());
    EventChain.Check check = log.verifyChain();
    assertThat(check.intact()).isFalse();
    assertThat(check.firstBroken()).contains(written.get(1).id());
  }

  @Test
  void deletedNewestEvent_thenAnAppend_isReportedAsAGap() {
    // the newest link is read back at append, so the links alone would chain over the hole
    sql("DELETE FROM events WHERE id = ?", written.get(5).id().value());
    Event after = TestEvents.created(clock.instant(), "after");
    log.append(after);
    EventChain.Check check = log.verifyChain();
    assertThat(check.intact()).isFalse();
    assertThat(check.firstBroken()).contains(after.id());
  }

  @Test
  void deletedEventFromBeforeTheChain_isReportedAsAGap() throws Exception {
    // events written before migration V6 have no link, so only the sequence shows their deletion
    try (SqliteDatabase old = TempDatabase.open()) {
      for (int i = 0; i < 2; i++) {
        String id = EventId.random(random).value();
        old.write(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO events (id, time, type, detail) VALUES (?, 0, 'session.created',"
                          + " '{}')")) {
                ps.setString(1, id);
                return ps.executeUpdate();
              }
            });
      }
      SqliteAuditLog oldLog = new SqliteAuditLog(old);
      oldLog.append(written.get(0));
      assertThat(oldLog.verifyChain().intact()).isTrue();

      old.write(
          c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM events WHERE seq = 1")) {
              return ps.executeUpdate();
            }
          });
      EventChain.Check check = oldLog.verifyChain();
      assertThat(check.intact()).isFalse();
      assertThat(check.events()).isEqualTo(1);
    }
  }

  @Test
  void failedInsert_doesNotUseUpASequenceNumber() {
    Event duplicate = written.get(0);
    assertThatThrownBy(() -> log.append(duplicate))
        .isInstanceOf(dev.vigil.session.StoreUnavailableException.class);
    clock.advance(Duration.ofSeconds(1));
    log.append(TestEvents.created(clock.instant()));
    assertThat(log.verifyChain().intact()).isTrue();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void sql(String statement, String id) {
    db.write(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setString(1, id);
            return ps.executeUpdate();
          }
        });
  }

  @Test
  void aPacedCheck_findsWhatTheFullSpeedOneFinds_yieldingTheProcessorAsItGoes() {
    List<Event> more = new ArrayList<>();
    for (int i = 0; i < 6 * SqliteAuditLog.CHAIN_BATCH; i++) {
      more.add(TestEvents.created(clock.instant(), "user-" + i, Map.of("n", Integer.toString(i))));
    }
    log.appendAll(more);
    EventChain.Check full = log.verifyChain();
    List<Long> pauses = new ArrayList<>();
    EventChain.Check paced =
        log.verifyChain(
            new ChainVerifier(Optional.empty()),
            0.2,
            SqliteAuditLog.CHAIN_BATCH,
            () -> sleep(Duration.ofMillis(10)),
            pauses::add);
    assertThat(paced).isEqualTo(full);
    assertThat(paced.events()).isEqualTo(6 + more.size());
    // seven batches, a pause after each but the last; at a fifth of a core it yields four times
    // as long as the batch took, and each batch took at least the 10 ms slept in it
    assertThat(pauses)
        .hasSize(6)
        .allSatisfy(p -> assertThat(p).isGreaterThanOrEqualTo(40_000_000L));
    List<Long> none = new ArrayList<>();
    log.verifyChain(
        new ChainVerifier(Optional.empty()), 1.0, SqliteAuditLog.CHAIN_BATCH, () -> {}, none::add);
    assertThat(none).isEmpty();
    sql("UPDATE events SET reason = 'EXPIRED_IDLE' WHERE id = ?", written.get(3).id().value());
    assertThat(log.verifyChain(0.2).firstBroken()).contains(written.get(3).id());
    assertThatThrownBy(() -> log.verifyChain(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
