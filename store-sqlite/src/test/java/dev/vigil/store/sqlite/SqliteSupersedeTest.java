package dev.vigil.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.audit.Event;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.id.EventId;
import dev.vigil.session.Revocation;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.Session;
import dev.vigil.testkit.MutableClock;
import dev.vigil.testkit.TestSessions;
import dev.vigil.token.TokenSecret;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A compare-and-set with its event, on a store that keeps the audit log in its own database: one
 * write, so the change and its event are stored together or not at all.
 */
class SqliteSupersedeTest {
  private final MutableClock clock = MutableClock.standard();
  private final SecureRandom random = new SecureRandom();
  private SqliteDatabase db;
  private SqliteSessionStore store;
  private SqliteAuditLog log;

  @BeforeEach
  void open() throws Exception {
    db = TempDatabase.open();
    store = new SqliteSessionStore(db);
    log = new SqliteAuditLog(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void aReplacement_andItsEvent_areStoredTogether_andNeitherWhenTheSessionMovedOn() {
    Session s = inserted();
    Session next = superseded(s);
    assertThat(store.compareAndSet(s, next, log, event(next))).isTrue();
    assertThat(store.find(s.id()).orElseThrow().chain().generation())
        .isEqualTo(next.chain().generation());
    assertThat(log.timeline(s.id(), 10))
        .extracting(Event::type)
        .containsExactly(EventType.SESSION_SUPERSEDED);

    // s is no longer what the store holds: nothing changes, no event
    assertThat(store.compareAndSet(s, superseded(s), log, event(next))).isFalse();
    assertThat(log.timeline(s.id(), 10)).hasSize(1);
    assertThat(log.verifyChain().intact()).isTrue();
  }

  @Test
  void anEventThatCannotBeStored_leavesTheSessionAsItWas() {
    Session s = inserted();
    Session next = superseded(s);
    Event taken = event(next);
    log.append(taken);
    // the same event id again: its insert fails, and with it the replacement
    assertThatThrownBy(() -> store.compareAndSet(s, next, log, taken))
        .isInstanceOf(RuntimeException.class);
    assertThat(store.find(s.id()).orElseThrow().chain().generation())
        .isEqualTo(s.chain().generation());
    assertThat(store.compareAndSet(s, next, log, event(next))).isTrue();
  }

  private Session inserted() {
    Session s = TestSessions.active(clock);
    assertThat(
            store.insert(
                s, Integer.MAX_VALUE, new Revocation(RevocationCause.LOGOUT, clock.instant(), "t")))
        .isEmpty();
    return s;
  }

  private Session superseded(Session s) {
    Instant now = clock.instant();
    return s.withPrivileges(
        s.roles(),
        s.auth(),
        s.chain().superseded(TokenSecret.random(random).hash(), s.chain().currentKid(), now),
        now);
  }

  private Event event(Session s) {
    Instant now = clock.instant();
    return new Event(
        EventId.at(now, random),
        now,
        EventType.SESSION_SUPERSEDED,
        Optional.of(s.subject()),
        Optional.of(s.id()),
        Optional.empty(),
        Optional.empty(),
        ClientContext.UNKNOWN,
        Map.of("by", "test"));
  }
}
