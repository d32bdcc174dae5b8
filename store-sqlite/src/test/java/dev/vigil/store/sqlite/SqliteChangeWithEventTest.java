package dev.vigil.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.account.LoginFailures;
import dev.vigil.account.User;
import dev.vigil.account.Username;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventQuery;
import dev.vigil.audit.EventType;
import dev.vigil.audit.Report;
import dev.vigil.client.ClientContext;
import dev.vigil.id.EventId;
import dev.vigil.id.ReportId;
import dev.vigil.id.Subject;
import dev.vigil.id.UserId;
import dev.vigil.session.Revocation;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.Session;
import dev.vigil.store.jdbc.JdbcLoginFailures;
import dev.vigil.testkit.MutableClock;
import dev.vigil.testkit.TestSessions;
import dev.vigil.token.TokenSecret;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A compare-and-set and its event, a new session and its events, a cleared sign-in count and its
 * event, and a new user and its event, on stores that keep the audit log in their own database: one
 * write each, so a change and its events are stored together or not at all (a rotation is one
 * commit; a sign-in waits on three instead of five).
 */
class SqliteChangeWithEventTest {
  private final MutableClock clock = MutableClock.standard();
  private final SecureRandom random = new SecureRandom();
  private final Revocation eviction =
      new Revocation(RevocationCause.SESSION_LIMIT, Instant.EPOCH, "test");
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
  void aNewSession_andItsEvents_areStoredTogether_evictionsIncluded() {
    Session old = TestSessions.active(clock);
    store.insert(old, 1, eviction);
    clock.advance(Duration.ofSeconds(1));
    Session s = TestSessions.active(clock, old.subject().value());
    List<Session> evicted =
        store.insert(
            s,
            1,
            eviction,
            log,
            ended -> {
              assertThat(ended).extracting(Session::id).containsExactly(old.id());
              return List.of(
                  event(ended.get(0), EventType.SESSION_REVOKED),
                  event(s, EventType.SESSION_CREATED));
            });
    assertThat(evicted).extracting(Session::id).containsExactly(old.id());
    assertThat(store.find(s.id())).isPresent();
    assertThat(log.timeline(old.id(), 10))
        .extracting(Event::type)
        .containsExactly(EventType.SESSION_REVOKED);
    assertThat(log.timeline(s.id(), 10))
        .extracting(Event::type)
        .containsExactly(EventType.SESSION_CREATED);
    assertThat(log.verifyChain().intact()).isTrue();
  }

  @Test
  void anEventThatCannotBeStored_storesNoSession_andEndsNone() {
    Session old = TestSessions.active(clock);
    store.insert(old, 1, eviction);
    Session s = TestSessions.active(clock, old.subject().value());
    Event taken = event(s, EventType.SESSION_CREATED);
    log.append(taken);
    // the same event id again: its insert fails, and with it the session and the eviction
    assertThatThrownBy(() -> store.insert(s, 1, eviction, log, ended -> List.of(taken)))
        .isInstanceOf(RuntimeException.class);
    assertThat(store.find(s.id())).isEmpty();
    assertThat(store.find(old.id()).orElseThrow().revocation()).isEmpty();
  }

  @Test
  void aClearedCount_andItsEvent_areStoredTogether() {
    LoginFailures failures = new JdbcLoginFailures(db);
    failures.compareAndCount("alice", LoginFailures.Count.NONE, clock.instant());
    Event taken = event(TestSessions.active(clock), EventType.LOGIN_SUCCEEDED);
    log.append(taken);
    assertThatThrownBy(() -> failures.clear("alice", log, taken))
        .isInstanceOf(RuntimeException.class);
    assertThat(failures.find("alice").failures()).isEqualTo(1);

    Event fresh = event(TestSessions.active(clock), EventType.LOGIN_SUCCEEDED);
    failures.clear("alice", log, fresh);
    assertThat(failures.find("alice")).isEqualTo(LoginFailures.Count.NONE);
    assertThat(log.verifyChain().events()).isEqualTo(2);
  }

  @Test
  void aNewUser_andItsEvent_areStoredTogether_andNeitherWhenTheNameIsTaken() {
    SqliteUserStore users = new SqliteUserStore(db);
    User dora = user("dora");
    Event taken = userCreated(dora);
    log.append(taken);
    // the same event id again: its insert fails, and with it the user's
    assertThatThrownBy(() -> users.insert(dora, log, taken)).isInstanceOf(RuntimeException.class);
    assertThat(users.find(dora.id())).isEmpty();

    assertThat(users.insert(dora, log, userCreated(dora))).isTrue();
    assertThat(users.find(dora.id())).isPresent();
    // the name taken: no user, no event
    assertThat(users.insert(user("dora"), log, userCreated(dora))).isFalse();
    assertThat(log.verifyChain().events()).isEqualTo(2);
  }

  @Test
  void aReplacement_andItsEvent_areStoredTogether_andNeitherWhenTheSessionMovedOn() {
    Session s = inserted();
    Session next = superseded(s);
    assertThat(store.compareAndSet(s, next, log, event(next, EventType.SESSION_SUPERSEDED)))
        .isTrue();
    assertThat(store.find(s.id()).orElseThrow().chain().generation())
        .isEqualTo(next.chain().generation());
    assertThat(log.timeline(s.id(), 10))
        .extracting(Event::type)
        .containsExactly(EventType.SESSION_SUPERSEDED);

    // s is no longer what the store holds: nothing changes, no event
    assertThat(
            store.compareAndSet(s, superseded(s), log, event(next, EventType.SESSION_SUPERSEDED)))
        .isFalse();
    assertThat(log.timeline(s.id(), 10)).hasSize(1);
    assertThat(log.verifyChain().intact()).isTrue();
  }

  @Test
  void anEventThatCannotBeStored_leavesTheSessionAsItWas() {
    Session s = inserted();
    Session next = superseded(s);
    Event taken = event(next, EventType.SESSION_SUPERSEDED);
    log.append(taken);
    // the same event id again: its insert fails, and with it the replacement
    assertThatThrownBy(() -> store.compareAndSet(s, next, log, taken))
        .isInstanceOf(RuntimeException.class);
    assertThat(store.find(s.id()).orElseThrow().chain().generation())
        .isEqualTo(s.chain().generation());
    assertThat(store.compareAndSet(s, next, log, event(next, EventType.SESSION_SUPERSEDED)))
        .isTrue();
  }

  @Test
  void aRevocation_andItsEvent_areStoredTogether_andNoEventWhenItWasEndedBefore() {
    Session s = inserted();
    Revocation logout = new Revocation(RevocationCause.LOGOUT, clock.instant(), "test");
    Optional<Session> after =
        store.revoke(s.id(), logout, log, ended -> event(ended, EventType.SESSION_REVOKED));
    assertThat(after.orElseThrow().revocation()).contains(logout);
    assertThat(store.find(s.id()).orElseThrow().revocation()).contains(logout);
    Revocation again = new Revocation(RevocationCause.ADMIN, clock.instant(), "test");
    assertThat(store.revoke(s.id(), again, log, ended -> event(ended, EventType.SESSION_REVOKED)))
        .hasValueSatisfying(a -> assertThat(a.revocation()).contains(logout));
    assertThat(log.timeline(s.id(), 10))
        .extracting(Event::type)
        .containsExactly(EventType.SESSION_REVOKED);
    assertThat(log.verifyChain().intact()).isTrue();
  }

  /**
   * A revocation whose event cannot be stored is not stored either: before, the two were separate
   * writes, and a full disk that refused the event's write answered "store unavailable" for a
   * revocation already in effect, its event lost (FullDiskTest with the background checkpointer).
   */
  @Test
  void aRevocationWhoseEventCannotBeStored_leavesTheSessionLive() {
    Session s = inserted();
    Event taken = event(s, EventType.SESSION_REVOKED);
    log.append(taken);
    Revocation logout = new Revocation(RevocationCause.LOGOUT, clock.instant(), "test");
    assertThatThrownBy(() -> store.revoke(s.id(), logout, log, ended -> taken))
        .isInstanceOf(RuntimeException.class);
    assertThat(store.find(s.id()).orElseThrow().revocation()).isEmpty();
  }

  @Test
  void aSubjectsRevocation_andItsEvents_areStoredTogether_orNeither() {
    Session a = inserted();
    Session b = TestSessions.active(clock, a.subject().value());
    store.insert(b, Integer.MAX_VALUE, eviction);
    Event taken = event(a, EventType.SESSION_REVOKED);
    log.append(taken);
    Revocation all = new Revocation(RevocationCause.ALL_SESSIONS, clock.instant(), "test");
    assertThatThrownBy(
            () ->
                store.revokeSubject(
                    a.subject(), Optional.empty(), all, log, ended -> List.of(taken)))
        .isInstanceOf(RuntimeException.class);
    assertThat(store.find(a.id()).orElseThrow().revocation()).isEmpty();
    assertThat(store.find(b.id()).orElseThrow().revocation()).isEmpty();

    List<Session> ended =
        store.revokeSubject(
            a.subject(),
            Optional.empty(),
            all,
            log,
            done -> done.stream().map(s -> event(s, EventType.SESSION_REVOKED)).toList());
    assertThat(ended).extracting(Session::id).containsExactlyInAnyOrder(a.id(), b.id());
    assertThat(log.timeline(b.id(), 10))
        .extracting(Event::type)
        .containsExactly(EventType.SESSION_REVOKED);
    assertThat(log.verifyChain().intact()).isTrue();
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

  private User user(String name) {
    return new User(
        UserId.random(random),
        Username.parse(name).accepted().orElseThrow(),
        Optional.empty(),
        Set.of(),
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNo",
        clock.instant(),
        Optional.empty());
  }

  private Event userCreated(User u) {
    Instant now = clock.instant();
    return new Event(
        EventId.at(now, random),
        now,
        EventType.USER_CREATED,
        Optional.of(new Subject(u.id().value())),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        ClientContext.UNKNOWN,
        Map.of("by", "test"));
  }

  @Test
  void aReportsMove_andItsEvent_areStoredTogether_orNeither() {
    dev.vigil.store.jdbc.JdbcReportStore reports = new dev.vigil.store.jdbc.JdbcReportStore(db);
    Report r =
        new Report(
            ReportId.random(random),
            clock.instant(),
            Optional.of(new Subject("alice")),
            Optional.empty(),
            Optional.empty(),
            "signed_out",
            "I was signed out",
            Report.Status.OPEN,
            clock.instant());
    reports.insert(r);
    clock.advance(Duration.ofSeconds(1));
    Report moved = r.withStatus(Report.Status.RESOLVED, clock.instant());
    Event taken = event(EventType.REPORT_STATUS_CHANGED);
    log.append(taken);
    // the same event id again: its insert fails, and with it the move
    assertThatThrownBy(() -> reports.update(r, moved, log, taken))
        .isInstanceOf(RuntimeException.class);
    assertThat(reports.find(r.id())).contains(r);
    Event event = event(EventType.REPORT_STATUS_CHANGED);
    assertThat(reports.update(r, moved, log, event)).isTrue();
    assertThat(reports.find(r.id())).contains(moved);
    assertThat(log.query(EventQuery.all(10)).events()).extracting(Event::id).contains(event.id());
  }

  private Event event(EventType type) {
    Instant now = clock.instant();
    return new Event(
        EventId.at(now, random),
        now,
        type,
        Optional.of(new Subject("alice")),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        ClientContext.UNKNOWN,
        Map.of("by", "test"));
  }

  private Event event(Session s, EventType type) {
    Instant now = clock.instant();
    return new Event(
        EventId.at(now, random),
        now,
        type,
        Optional.of(s.subject()),
        Optional.of(s.id()),
        Optional.empty(),
        Optional.empty(),
        ClientContext.UNKNOWN,
        Map.of("by", "test"));
  }
}
