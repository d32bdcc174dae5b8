package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.session.Authentication;
import dev.vigil.session.Revocation;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.Session;
import dev.vigil.session.SessionStore;
import dev.vigil.session.TokenChain;
import dev.vigil.token.KeyId;
import dev.vigil.token.TokenSecret;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SessionStore} must have. A store module subclasses this with a {@link
 * #newStore()} that returns an empty store backed by the real technology.
 */
public abstract class SessionStoreContract {
  protected final MutableClock clock = MutableClock.standard();
  private final SecureRandom random = new SecureRandom();
  protected SessionStore store;

  /** An empty store; called before each test. */
  protected abstract SessionStore newStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @Test
  void insert_thenFind_roundTripsEveryField() {
    Session s = TestSessions.active(clock);
    insert(s);
    assertThat(store.find(s.id())).contains(s);
  }

  @Test
  void find_unknownId_isEmpty() {
    assertThat(store.find(SessionId.random(random))).isEmpty();
  }

  @Test
  void findToChange_answersWhatFindAnswers_revocationIncluded() {
    Session s = TestSessions.active(clock);
    insert(s);
    assertThat(store.findToChange(s.id())).contains(s);
    Revocation r = new Revocation(RevocationCause.LOGOUT, clock.instant(), "app");
    store.revoke(s.id(), r);
    assertThat(store.findToChange(s.id()).orElseThrow().revocation()).contains(r);
    assertThat(store.findToChange(SessionId.random(random))).isEmpty();
  }

  @Test
  void compareAndSet_atExpectedGeneration_replacesMutableParts() {
    Session s = TestSessions.active(clock);
    insert(s);
    clock.advance(Duration.ofMinutes(15));
    Instant now = clock.instant();
    TokenChain next =
        s.chain()
            .used()
            .rotated(TokenSecret.random(random).hash(), new byte[16], new KeyId("k2"), now);
    Session rotated =
        new Session(
            s.id(),
            s.subject(),
            Set.of("admin"),
            new Authentication(List.of("pwd"), now, 1),
            s.client(),
            s.boundToClient(),
            s.createdAt(),
            s.createdAt(),
            now,
            s.idleTimeout(),
            s.absoluteTimeout(),
            next,
            Optional.empty());

    assertThat(store.compareAndSet(s, rotated)).isTrue();
    assertThat(store.find(s.id())).contains(rotated);
  }

  @Test
  void compareAndSet_atStaleGeneration_changesNothing() {
    Session s = TestSessions.active(clock);
    insert(s);
    Session next = rotate(s);
    assertThat(store.compareAndSet(s, next)).isTrue();

    assertThat(store.compareAndSet(s, rotate(s))).isFalse();
    assertThat(store.find(s.id())).contains(next);
  }

  @Test
  void compareAndSet_onRevokedSession_fails() {
    Session s = TestSessions.active(clock);
    insert(s);
    store.revoke(s.id(), new Revocation(RevocationCause.LOGOUT, clock.instant(), "test"));

    assertThat(store.compareAndSet(s, rotate(s))).isFalse();
    assertThat(store.find(s.id()).orElseThrow().chain().generation()).isZero();
  }

  @Test
  void compareAndSet_racedByManyThreads_hasExactlyOneWinner() throws Exception {
    Session s = TestSessions.active(clock);
    insert(s);
    int threads = 16;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return store.compareAndSet(s, rotate(s));
                }));
      }
      start.countDown();
      int winners = 0;
      for (Future<Boolean> f : results) {
        winners += f.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    }
    assertThat(store.find(s.id()).orElseThrow().chain().generation()).isEqualTo(1);
  }

  @Test
  void compareAndSet_sameGenerationWithRenewPending_roundTrips() {
    Session s = TestSessions.active(clock);
    insert(s);
    Session next =
        s.withPrivileges(Set.of("admin"), s.auth(), s.chain().renewSoon(), s.lastSeenAt());
    assertThat(store.compareAndSet(s, next)).isTrue();
    assertThat(store.find(s.id())).contains(next);
    assertThat(store.find(s.id()).orElseThrow().chain().renewPending()).isTrue();
  }

  @Test
  void compareAndSet_fromACopyReadBeforeARoleChange_failsAndKeepsTheChange() {
    Session s = TestSessions.active(clock);
    insert(s);
    Session demoted = s.withPrivileges(Set.of(), s.auth(), s.chain().renewSoon(), s.lastSeenAt());
    assertThat(store.compareAndSet(s, demoted)).isTrue();

    assertThat(store.compareAndSet(s, rotate(s))).isFalse();
    Session after = store.find(s.id()).orElseThrow();
    assertThat(after.roles()).isEmpty();
    assertThat(after.chain().renewPending()).isTrue();
  }

  @Test
  void compareAndSet_fromACopyReadBeforeAUse_failsAndKeepsTheUse() {
    Session s = TestSessions.active(clock);
    insert(s);
    assertThat(s.chain().currentUsed()).isFalse();
    store.markUsed(s.id(), 0, clock.instant());

    Session renamed =
        s.withPrivileges(Set.of("viewer"), s.auth(), s.chain().renewSoon(), s.lastSeenAt());
    assertThat(store.compareAndSet(s, renamed)).isFalse();
    assertThat(store.find(s.id()).orElseThrow().chain().currentUsed()).isTrue();
  }

  @Test
  void moveClient_replacesTheClientOnly() {
    Session s = TestSessions.active(clock);
    insert(s);
    Session demoted = s.withPrivileges(Set.of(), s.auth(), s.chain().renewSoon(), s.lastSeenAt());
    store.compareAndSet(s, demoted);
    store.markUsed(s.id(), 0, clock.instant());
    ClientContext elsewhere =
        new ClientContext(IpAddress.parse("198.51.100.7"), Optional.of("curl/8.5.0"));

    assertThat(store.moveClient(s.id(), elsewhere)).isTrue();

    Session after = store.find(s.id()).orElseThrow();
    assertThat(after.client()).isEqualTo(elsewhere);
    assertThat(after.roles()).isEmpty();
    assertThat(after.chain().renewPending()).isTrue();
    assertThat(after.chain().currentUsed()).isTrue();
  }

  @Test
  void moveClient_ofARevokedSession_changesNothing() {
    Session s = TestSessions.active(clock);
    insert(s);
    store.revoke(s.id(), new Revocation(RevocationCause.LOGOUT, clock.instant(), "test"));

    assertThat(
            store.moveClient(
                s.id(), new ClientContext(IpAddress.parse("198.51.100.7"), Optional.of("curl"))))
        .isFalse();
    assertThat(store.find(s.id()).orElseThrow().client()).isEqualTo(s.client());
  }

  @Test
  void markUsed_currentGeneration_setsUsedAndLastSeen() {
    Session s = TestSessions.active(clock);
    insert(s);
    clock.advance(Duration.ofMinutes(1));

    store.markUsed(s.id(), 0, clock.instant());

    Session after = store.find(s.id()).orElseThrow();
    assertThat(after.chain().currentUsed()).isTrue();
    assertThat(after.lastSeenAt()).isEqualTo(clock.instant());
  }

  @Test
  void markUsed_movedGeneration_leavesNewTokenUnused() {
    Session s = TestSessions.active(clock);
    insert(s);
    store.compareAndSet(s, rotate(s));

    store.markUsed(s.id(), 0, clock.instant());

    assertThat(store.find(s.id()).orElseThrow().chain().currentUsed()).isFalse();
  }

  @Test
  void touch_neverMovesLastSeenBackwards() {
    Session s = TestSessions.active(clock);
    insert(s);
    Instant later = clock.instant().plusSeconds(90);
    store.touch(s.id(), later);
    store.touch(s.id(), later.minusSeconds(60));

    assertThat(store.find(s.id()).orElseThrow().lastSeenAt()).isEqualTo(later);
  }

  @Test
  void revoke_twice_keepsTheFirstRevocation() {
    Session s = TestSessions.active(clock);
    insert(s);
    Revocation first = new Revocation(RevocationCause.LOGOUT, clock.instant(), "app");
    Revocation second =
        new Revocation(RevocationCause.ADMIN, clock.instant().plusSeconds(5), "ops");

    assertThat(store.revoke(s.id(), first).orElseThrow().revocation()).contains(first);
    assertThat(store.revoke(s.id(), second).orElseThrow().revocation()).contains(first);
    assertThat(store.find(s.id()).orElseThrow().revocation()).contains(first);
  }

  @Test
  void revoke_unknownSession_isEmpty() {
    assertThat(
            store.revoke(
                SessionId.random(random),
                new Revocation(RevocationCause.ADMIN, clock.instant(), "ops")))
        .isEmpty();
  }

  @Test
  void findBySubject_returnsOnlyThatSubjectsUnrevokedSessions() {
    Session a1 = TestSessions.active(clock, "alice");
    Session a2 = TestSessions.active(clock, "alice");
    Session a3 = TestSessions.active(clock, "alice");
    Session b = TestSessions.active(clock, "bob");
    List.of(a1, a2, a3, b).forEach(this::insert);
    store.revoke(a3.id(), new Revocation(RevocationCause.LOGOUT, clock.instant(), "app"));

    assertThat(store.findBySubject(new Subject("alice")))
        .extracting(Session::id)
        .containsExactlyInAnyOrder(a1.id(), a2.id());
    assertThat(store.findBySubject(new Subject("nobody"))).isEmpty();
  }

  @Test
  void purge_deletesEndedSessionsOlderThanCutoff_keepsLiveOnes() {
    Session live = TestSessions.active(clock);
    Session revoked = TestSessions.active(clock);
    insert(live);
    insert(revoked);
    store.revoke(revoked.id(), new Revocation(RevocationCause.LOGOUT, clock.instant(), "app"));
    clock.advance(Duration.ofMinutes(5));
    store.touch(live.id(), clock.instant());

    assertThat(store.purge(clock.instant())).isEqualTo(1);
    assertThat(store.find(revoked.id())).isEmpty();
    assertThat(store.find(live.id())).isPresent();
  }

  @Test
  void countLive_excludesRevokedAndExpired() {
    Session live = TestSessions.active(clock);
    Session revoked = TestSessions.active(clock);
    Session idle = TestSessions.active(clock);
    List.of(live, revoked, idle).forEach(this::insert);
    store.revoke(revoked.id(), new Revocation(RevocationCause.LOGOUT, clock.instant(), "app"));
    clock.advance(Duration.ofMinutes(20));
    store.touch(live.id(), clock.instant());
    clock.advance(Duration.ofMinutes(20));

    assertThat(store.countLive(clock.instant())).isEqualTo(1);
  }

  @Test
  void ping_onOpenStore_isTrue() {
    assertThat(store.ping()).isTrue();
  }

  /** Inserts without a cap that matters. */
  protected void insert(Session s) {
    assertThat(store.insert(s, Integer.MAX_VALUE, limit())).isEmpty();
  }

  private Revocation limit() {
    return new Revocation(RevocationCause.SESSION_LIMIT, clock.instant(), "vigil");
  }

  @Test
  void insert_beyondTheCap_endsTheLeastRecentlyUsed() {
    Session a = TestSessions.active(clock, "alice");
    insert(a);
    clock.advance(Duration.ofSeconds(1));
    Session b = TestSessions.active(clock, "alice");
    insert(b);
    clock.advance(Duration.ofSeconds(1));
    Session c = TestSessions.active(clock, "alice");
    insert(c);
    clock.advance(Duration.ofSeconds(1));
    store.touch(a.id(), clock.instant());
    clock.advance(Duration.ofSeconds(1));

    List<Session> evicted = store.insert(TestSessions.active(clock, "alice"), 3, limit());

    assertThat(evicted).extracting(Session::id).containsExactly(b.id());
    assertThat(store.find(b.id()).orElseThrow().revocation())
        .get()
        .extracting(Revocation::cause)
        .isEqualTo(RevocationCause.SESSION_LIMIT);
    assertThat(store.findBySubject(new Subject("alice"))).hasSize(3);
  }

  @Test
  void insert_beyondTheCap_endsAnExpiredSessionBeforeALiveOne() {
    Session old = TestSessions.active(clock, "alice");
    insert(old);
    clock.advance(Duration.ofSeconds(1));
    Session shortLived =
        TestSessions.active(clock, "alice", Duration.ofMinutes(30), Duration.ofMinutes(1));
    insert(shortLived);
    clock.advance(Duration.ofSeconds(50));
    store.touch(shortLived.id(), clock.instant());
    clock.advance(Duration.ofMinutes(1));

    List<Session> evicted = store.insert(TestSessions.active(clock, "alice"), 2, limit());

    assertThat(evicted).extracting(Session::id).containsExactly(shortLived.id());
    assertThat(store.find(old.id()).orElseThrow().revocation()).isEmpty();
  }

  @Test
  void insert_manyAtOnceForOneSubject_keepsExactlyTheCap() throws Exception {
    for (int cap : new int[] {1, 3}) {
      String subject = "burst-" + cap;
      int threads = 12;
      List<List<Session>> evicted =
          Races.race(threads, i -> store.insert(TestSessions.active(clock, subject), cap, limit()));
      assertThat(store.findBySubject(new Subject(subject))).hasSize(cap);
      assertThat(evicted.stream().mapToInt(List::size).sum()).isEqualTo(threads - cap);
      assertThat(evicted.stream().flatMap(List::stream))
          .allSatisfy(
              e ->
                  assertThat(e.revocation())
                      .get()
                      .extracting(Revocation::cause)
                      .isEqualTo(RevocationCause.SESSION_LIMIT));
    }
  }

  @Test
  void revoke_racingARotation_isNeverLost() throws Exception {
    for (int trial = 0; trial < 50; trial++) {
      Session s = TestSessions.active(clock);
      insert(s);
      store.find(s.id());
      Session next = rotate(s);
      Revocation r = new Revocation(RevocationCause.LOGOUT, clock.instant(), "app");
      Races.race(
          2, i -> i == 0 ? store.compareAndSet(s, next) : store.revoke(s.id(), r).isPresent());
      assertThat(store.find(s.id()).orElseThrow().revocation()).as("trial %d", trial).contains(r);
    }
  }

  @Test
  void insert_racingEvictionsOfOneSubject_leaveTheCapInEveryRead() throws Exception {
    for (int trial = 0; trial < 20; trial++) {
      String subject = "read-after-race-" + trial;
      List<Session> both =
          Races.race(
              2,
              i -> {
                Session s = TestSessions.active(clock, subject);
                store.insert(s, 1, limit());
                return s;
              });
      long live =
          both.stream()
              .filter(b -> store.find(b.id()).orElseThrow().revocation().isEmpty())
              .count();
      assertThat(live).as("trial %d", trial).isEqualTo(1);
    }
  }

  @Test
  void revoke_freesAPlaceUnderTheCap() {
    Session a = TestSessions.active(clock, "alice");
    Session b = TestSessions.active(clock, "alice");
    insert(a);
    insert(b);
    store.revoke(a.id(), new Revocation(RevocationCause.LOGOUT, clock.instant(), "app"));

    assertThat(store.insert(TestSessions.active(clock, "alice"), 2, limit())).isEmpty();
    assertThat(store.find(b.id()).orElseThrow().revocation()).isEmpty();
  }

  @Test
  void purge_ofAnExpiredSession_freesAPlaceUnderTheCap() {
    Session idle = TestSessions.active(clock, "alice", Duration.ofMinutes(1), Duration.ofHours(1));
    insert(idle);
    Session live = TestSessions.active(clock, "alice");
    insert(live);
    clock.advance(Duration.ofMinutes(10));
    store.touch(live.id(), clock.instant());

    assertThat(store.purge(clock.instant())).isEqualTo(1);
    assertThat(store.insert(TestSessions.active(clock, "alice"), 2, limit())).isEmpty();
    assertThat(store.find(live.id()).orElseThrow().revocation()).isEmpty();
  }

  /**
   * The SQL stores under test purge three sessions a write ({@code PURGE_BATCH} in production):
   * nine ended sessions take three full writes and an empty one.
   */
  @Test
  void purge_inSeveralWrites_deletesEveryEndedSession_andFreesEachSubjectsCap() {
    List<Session> ended = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Session s =
          TestSessions.active(clock, "expired-" + i, Duration.ofMinutes(1), Duration.ofHours(1));
      insert(s);
      ended.add(s);
    }
    for (int i = 0; i < 3; i++) {
      Session s = TestSessions.active(clock, "revoked");
      insert(s);
      store.revoke(s.id(), new Revocation(RevocationCause.LOGOUT, clock.instant(), "app"));
      ended.add(s);
    }
    Session live = TestSessions.active(clock, "live");
    insert(live);
    clock.advance(Duration.ofMinutes(10));
    store.touch(live.id(), clock.instant());

    assertThat(store.purge(clock.instant())).isEqualTo(9);
    assertThat(store.purge(clock.instant())).isZero();
    assertThat(ended).allSatisfy(s -> assertThat(store.find(s.id())).isEmpty());
    assertThat(store.find(live.id())).isPresent();
    for (int i = 0; i < 6; i++) {
      assertThat(store.insert(TestSessions.active(clock, "expired-" + i), 1, limit()))
          .as("expired-" + i + " no longer counts its purged session against a cap of one")
          .isEmpty();
    }
  }

  @Test
  void revokeSubject_endsEveryLiveSessionButOne_inOneCall_andFreesTheCap() {
    Session keep = TestSessions.active(clock, "alice");
    insert(keep);
    List<Session> others = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Session s = TestSessions.active(clock, "alice");
      insert(s);
      others.add(s);
    }
    Session bob = TestSessions.active(clock, "bob");
    insert(bob);
    Revocation r = new Revocation(RevocationCause.ALL_SESSIONS, clock.instant(), "app");

    List<Session> ended = store.revokeSubject(new Subject("alice"), Optional.of(keep.id()), r);

    assertThat(ended)
        .extracting(Session::id)
        .containsExactlyInAnyOrderElementsOf(others.stream().map(Session::id).toList());
    assertThat(ended).allSatisfy(s -> assertThat(s.revocation()).contains(r));
    assertThat(store.find(keep.id()).orElseThrow().revocation()).isEmpty();
    assertThat(store.find(bob.id()).orElseThrow().revocation()).isEmpty();
    assertThat(store.revokeSubject(new Subject("alice"), Optional.of(keep.id()), r)).isEmpty();
    assertThat(store.insert(TestSessions.active(clock, "alice"), 2, limit())).isEmpty();
  }

  @Test
  void revokeSubject_leavesExpiredSessionsToTheirExpiry() {
    Session idle = TestSessions.active(clock, "alice", Duration.ofMinutes(1), Duration.ofHours(1));
    insert(idle);
    clock.advance(Duration.ofMinutes(10));
    Revocation r = new Revocation(RevocationCause.ALL_SESSIONS, clock.instant(), "app");

    assertThat(store.revokeSubject(new Subject("alice"), Optional.empty(), r)).isEmpty();
    assertThat(store.find(idle.id()).orElseThrow().revocation()).isEmpty();
  }

  @Test
  void revokeEverything_endsEveryLiveSession_inBatches() {
    List<SessionId> ids = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      Session s = TestSessions.active(clock, "subject-" + (i % 3));
      insert(s);
      ids.add(s.id());
    }
    Session revoked = TestSessions.active(clock, "subject-0");
    insert(revoked);
    store.revoke(revoked.id(), new Revocation(RevocationCause.LOGOUT, clock.instant(), "app"));
    Revocation r = new Revocation(RevocationCause.ADMIN, clock.instant(), "ops");
    List<Integer> sizes = new ArrayList<>();
    List<SessionId> ended = new ArrayList<>();

    long n =
        store.revokeEverything(
            r,
            10,
            batch -> {
              sizes.add(batch.size());
              batch.forEach(s -> ended.add(s.id()));
            });

    assertThat(n).isEqualTo(25);
    assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(1, 10));
    assertThat(ended).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(store.countLive(clock.instant())).isZero();
    assertThat(store.find(revoked.id()).orElseThrow().revocation().orElseThrow().cause())
        .isEqualTo(RevocationCause.LOGOUT);
    // the cap counts what is left: nothing, so two fit under a cap of 2 and the third evicts one
    Session first = TestSessions.active(clock, "subject-1");
    assertThat(store.insert(first, 2, limit())).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.insert(TestSessions.active(clock, "subject-1"), 2, limit())).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.insert(TestSessions.active(clock, "subject-1"), 2, limit()))
        .singleElement()
        .satisfies(e -> assertThat(e.id()).isEqualTo(first.id()));
  }

  @Test
  void revokeEverything_neverEndsASessionCreatedAfterItsTime() {
    Revocation r = new Revocation(RevocationCause.EVERY_SESSION, clock.instant(), "ops");
    Session before = TestSessions.active(clock, "early");
    insert(before);
    clock.advance(Duration.ofSeconds(1));
    Session during = TestSessions.active(clock, "late");
    insert(during);

    assertThat(store.revokeEverything(r, 10, batch -> {})).isEqualTo(1);
    assertThat(store.find(during.id()).orElseThrow().revocation()).isEmpty();
    assertThat(store.find(before.id()).orElseThrow().revocation()).contains(r);
  }

  @Test
  void compareAndSet_afterReauthentication_restartsTheLifetime() {
    Session s = TestSessions.active(clock);
    insert(s);
    clock.advance(Duration.ofHours(2));
    Instant now = clock.instant();
    Session next =
        s.reauthenticated(
            new Authentication(List.of("pwd"), now, 1),
            s.chain().superseded(TokenSecret.random(random).hash(), s.chain().currentKid(), now),
            now);

    assertThat(store.compareAndSet(s, next)).isTrue();
    Session after = store.find(s.id()).orElseThrow();
    assertThat(after.lifetimeStart()).isEqualTo(now);
    assertThat(after.absoluteDeadline()).isEqualTo(now.plus(s.absoluteTimeout()));
    assertThat(after.createdAt()).isEqualTo(s.createdAt());
  }

  /** {@code s} rotated once at the clock's time: the next generation, a new token hash. */
  protected Session rotate(Session s) {
    Instant now = clock.instant();
    TokenChain next =
        s.chain()
            .used()
            .rotated(TokenSecret.random(random).hash(), new byte[16], s.chain().currentKid(), now);
    return new Session(
        s.id(),
        s.subject(),
        s.roles(),
        s.auth(),
        s.client(),
        s.boundToClient(),
        s.createdAt(),
        s.createdAt(),
        now,
        s.idleTimeout(),
        s.absoluteTimeout(),
        next,
        Optional.empty());
  }
}
