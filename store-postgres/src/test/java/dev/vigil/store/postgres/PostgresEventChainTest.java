package dev.vigil.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.audit.Event;
import dev.vigil.audit.EventChain;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.id.EventId;
import dev.vigil.session.StoreUnavailableException;
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

/**
 * Editing, deleting or reordering stored events with SQL is reported by the chain check, and an
 * append that fails leaves no gap that the check would take for a deletion.
 */
class PostgresEventChainTest {
  private final MutableClock clock = MutableClock.standard();
  private final SecureRandom random = new SecureRandom();
  private TestDatabase db;
  private PostgresAuditLog log;
  private final List<Event> written = new ArrayList<>();

  @BeforeEach
  void fill() {
    db = TestDatabase.open();
    log = new PostgresAuditLog(db.db);
    for (Event e : TestEvents.refusals(clock, 6)) {
      log.append(e);
      written.add(e);
    }
  }

  @AfterEach
  void close() {
    if (log != null) {
      log.close();
    }
    if (db != null) {
      db.close();
    }
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
  void unreadableDetail_isNamed() {
    sql("UPDATE events SET detail = 'not json' WHERE id = ?", written.get(3).id().value());
    EventChain.Check check = log.verifyChain();
    assertThat(check.intact()).isFalse();
    assertThat(check.firstBroken()).contains(written.get(3).id());
  }

  @Test
  void deletedEvent_breaksTheChainAtTheNextOne() {
    sql("DELETE FROM events WHERE id = ?", written.get(1).id().value());
    assertThat(log.verifyChain().firstBroken()).contains(written.get(2).id());
  }

  @Test
  void reorderedEvents_areReported() {
    // an identity column can only be updated to DEFAULT, and appends do not advance its sequence:
    // moved past the newest, the oldest event moves to the end
    sql("SELECT setval(pg_get_serial_sequence('events', 'seq'), 6) WHERE ? IS NOT NULL", "");
    sql("UPDATE events SET seq = DEFAULT WHERE id = ?", written.get(0).id().value());
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
    // the newest link is read back at append, so the links alone would chain over the hole; the
    // head row remembers the position that was committed
    sql("DELETE FROM events WHERE id = ?", written.get(5).id().value());
    Event after = event("after");
    log.append(after);
    EventChain.Check check = log.verifyChain();
    assertThat(check.intact()).isFalse();
    assertThat(check.firstBroken()).contains(after.id());
  }

  @Test
  void deletedEventFromBeforeTheChain_isReportedAsAGap() {
    // rows without a link (as copied from a log older than the chain) are counted, not linked, so
    // only the sequence shows their deletion
    try (TestDatabase old = TestDatabase.open()) {
      for (int i = 0; i < 2; i++) {
        String id = EventId.random(random).value();
        old.db.write(
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
      PostgresAuditLog oldLog = new PostgresAuditLog(old.db);
      oldLog.append(written.get(0));
      assertThat(oldLog.verifyChain())
          .isEqualTo(new EventChain.Check(true, 3, Optional.empty(), Optional.empty()));

      old.db.write(
          c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM events WHERE seq = 1")) {
              return ps.executeUpdate();
            }
          });
      EventChain.Check check = oldLog.verifyChain();
      assertThat(check.intact()).isFalse();
      assertThat(check.events()).isEqualTo(1);
      oldLog.close();
    }
  }

  @Test
  void failedInsert_doesNotUseUpASequenceNumber() {
    Event duplicate = written.get(0);
    assertThatThrownBy(() -> log.append(duplicate)).isInstanceOf(StoreUnavailableException.class);
    clock.advance(Duration.ofSeconds(1));
    log.append(event("next"));
    assertThat(log.verifyChain())
        .isEqualTo(new EventChain.Check(true, 7, Optional.empty(), Optional.empty()));
  }

  @Test
  void failedBatch_storesNoneOfIt_andUsesUpNoSequenceNumber() {
    // PostgreSQL text cannot hold NUL: the second event is refused, so the whole batch is
    Event refused =
        new Event(
            EventId.random(random),
            clock.instant(),
            EventType.VERIFY_FAILED,
            Optional.empty(),
            Optional.empty(),
            Optional.of("MALFORMED"),
            Optional.empty(),
            new ClientContext(Optional.empty(), Optional.of("curl\u0000")),
            Map.of());
    assertThatThrownBy(() -> log.appendAll(List.of(event("first"), refused)))
        .isInstanceOf(StoreUnavailableException.class);
    log.append(event("next"));
    assertThat(log.verifyChain())
        .isEqualTo(new EventChain.Check(true, 7, Optional.empty(), Optional.empty()));
    assertThat(log.lastSeq()).isEqualTo(7);
  }

  @Test
  void appendCutBeforeItsCommit_leavesNoGap() throws Exception {
    // a node killed between an append's last statement and its COMMIT: PostgreSQL rolls the
    // transaction back, and nothing of it may outlive the rollback, the position included
    try (java.sql.Connection c = db.db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      new EventTable().append(c, List.of(event("cut")));
      c.rollback();
    }
    log.append(event("next"));
    assertThat(log.verifyChain())
        .isEqualTo(new EventChain.Check(true, 7, Optional.empty(), Optional.empty()));
    assertThat(log.lastSeq()).isEqualTo(7);
  }

  private Event event(String subject) {
    return TestEvents.created(clock.instant(), subject);
  }

  private void sql(String statement, String id) {
    db.db.write(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setString(1, id);
            return ps.execute();
          }
        });
  }
}
