package dev.vigil.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.ChainAnchor;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventChain;
import dev.vigil.audit.EventFeed;
import dev.vigil.audit.EventQuery;
import dev.vigil.testkit.MutableClock;
import dev.vigil.testkit.TestEvents;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pruning keeps the chain verifiable through its anchor, and SQL that deletes or forges around the
 * anchor is reported: ten events, the oldest four pruned.
 */
class PostgresAuditPruningTest {
  private final MutableClock clock = MutableClock.standard();
  private final List<Event> written = new ArrayList<>();
  private TestDatabase db;
  private PostgresAuditLog log;

  @BeforeEach
  void fillAndPrune() {
    db = TestDatabase.open();
    log = new PostgresAuditLog(db.db);
    for (int i = 0; i < 10; i++) {
      Event e = TestEvents.created(clock.instant(), "user-" + i);
      written.add(e);
      clock.advance(Duration.ofHours(1));
    }
    log.appendAll(written);
    clock.advance(Duration.ofDays(2));
    assertThat(log.pruneBefore(written.get(4).time(), 100, clock.instant())).isEqualTo(4);
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
  void pruned_verifiesFromTheAnchor_whichTheDatabaseKeeps() {
    EventChain.Check check = log.verifyChain();
    assertThat(check.intact()).isTrue();
    assertThat(check.events()).isEqualTo(7);
    assertThat(check.pruned()).isEqualTo(4);
    assertThat(check.anchor().orElseThrow().seq()).isEqualTo(4);
    assertThat(count("SELECT COUNT(*) FROM events WHERE seq <= 4")).isZero();
    assertThat(count("SELECT seq FROM audit_anchor")).isEqualTo(4);
    EventFeed.Checkpoint checkpoint = log.checkpoint();
    assertThat(checkpoint.events() + checkpoint.pruned()).isEqualTo(11);
    assertThat(checkpoint.lastLink()).isEqualTo(text("SELECT link FROM events WHERE seq = 11"));
  }

  @Test
  void deletingTheOldestRemainingEvent_afterPruning_isReported() {
    sql("DELETE FROM events WHERE id = '" + written.get(4).id().value() + "'");
    EventChain.Check check = log.verifyChain();
    assertThat(check.intact()).isFalse();
    assertThat(check.firstBroken()).contains(written.get(5).id());
  }

  @Test
  void deletingOlderEvents_andMovingTheAnchorAlong_isReported() {
    // an attacker who removes two more events and copies the last one's seq and link into the
    // anchor: the sequence and the links agree, but no audit.pruned event names that anchor
    String link = text("SELECT link FROM events WHERE seq = 6");
    sql("DELETE FROM events WHERE seq <= 6");
    sql("UPDATE audit_anchor SET seq = 6, pruned_count = 6, link = '" + link + "'");
    EventChain.Check check = log.verifyChain();
    assertThat(check.intact()).isFalse();
    assertThat(check.firstBroken()).contains(written.get(6).id());
  }

  @Test
  void deletingTheAnchor_isReportedAsTruncation() {
    sql("DELETE FROM audit_anchor");
    EventChain.Check check = log.verifyChain();
    assertThat(check.intact()).isFalse();
    assertThat(check.firstBroken()).contains(written.get(4).id());
  }

  @Test
  void deletingTheAuditPrunedEvent_isReported() {
    sql("DELETE FROM events WHERE type = 'audit.pruned'");
    EventChain.Check check = log.verifyChain();
    assertThat(check.intact()).isFalse();
    assertThat(check.firstBroken()).contains(written.get(4).id());
  }

  @Test
  void anAnchorThatIsNotALink_isReportedWithoutNamingAnEvent() {
    sql("UPDATE audit_anchor SET link = '" + "z".repeat(64) + "'");
    EventChain.Check check = log.verifyChain();
    assertThat(check.intact()).isFalse();
    assertThat(check.firstBroken()).isEmpty();
  }

  @Test
  void pruningEverything_thenAppending_chainsOntoTheAnchor() {
    assertThat(log.pruneBefore(clock.instant().plusSeconds(1), 100, clock.instant())).isEqualTo(7);
    // only the newest audit.pruned event is left; then one event more
    log.append(TestEvents.created(clock.instant()));
    EventChain.Check check = log.verifyChain();
    assertThat(check.intact()).isTrue();
    assertThat(check.events()).isEqualTo(2);
    ChainAnchor anchor = check.anchor().orElseThrow();
    assertThat(anchor.pruned()).isEqualTo(11);
    assertThat(anchor.seq()).isEqualTo(11);
    assertThat(log.query(EventQuery.all(10)).events()).hasSize(2);
  }

  private long count(String query) {
    return db.db.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(query);
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private String text(String query) {
    return db.db.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(query);
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
          }
        });
  }

  private void sql(String statement) {
    db.db.write(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(statement)) {
            return ps.executeUpdate();
          }
        });
  }
}
