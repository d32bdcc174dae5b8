package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.id.SessionId;
import dev.vigil.session.Authentication;
import dev.vigil.session.Revocation;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.Session;
import dev.vigil.session.SessionStore;
import dev.vigil.session.Subject;
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
    store.insert(s);
    assertThat(store.find(s.id())).contains(s);
  }

  @Test
  void find_unknownId_isEmpty() {
    assertThat(store.find(SessionId.random(random))).isEmpty();
  }

  @Test
  void compareAndSet_atExpectedGeneration_replacesMutableParts() {
    Session s = TestSessions.active(clock);
    store.insert(s);
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
            now,
            s.idleTimeout(),
            s.absoluteTimeout(),
            next,
            Optional.empty());

    assertThat(store.compareAndSet(s.id(), 0, rotated)).isTrue();
    assertThat(store.find(s.id())).contains(rotated);
  }

  @Test
  void compareAndSet_atStaleGeneration_changesNothing() {
    Session s = TestSessions.active(clock);
    store.insert(s);
    Session next = rotate(s);
    assertThat(store.compareAndSet(s.id(), 0, next)).isTrue();

    assertThat(store.compareAndSet(s.id(), 0, rotate(s))).isFalse();
    assertThat(store.find(s.id())).contains(next);
  }

  @Test
  void compareAndSet_onRevokedSession_fails() {
    Session s = TestSessions.active(clock);
    store.insert(s);
    store.revoke(s.id(), new Revocation(RevocationCause.LOGOUT, clock.instant(), "test"));

    assertThat(store.compareAndSet(s.id(), 0, rotate(s))).isFalse();
    assertThat(store.find(s.id()).orElseThrow().chain().generation()).isZero();
  }

  @Test
  void compareAndSet_racedByManyThreads_hasExactlyOneWinner() throws Exception {
    Session s = TestSessions.active(clock);
    store.insert(s);
    int threads = 16;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return store.compareAndSet(s.id(), 0, rotate(s));
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
    store.insert(s);
    Session next =
        s.withPrivileges(Set.of("admin"), s.auth(), s.chain().renewSoon(), s.lastSeenAt());
    assertThat(store.compareAndSet(s.id(), 0, next)).isTrue();
    assertThat(store.find(s.id())).contains(next);
    assertThat(store.find(s.id()).orElseThrow().chain().renewPending()).isTrue();
  }

  @Test
  void markUsed_currentGeneration_setsUsedAndLastSeen() {
    Session s = TestSessions.active(clock);
    store.insert(s);
    clock.advance(Duration.ofMinutes(1));

    store.markUsed(s.id(), 0, clock.instant());

    Session after = store.find(s.id()).orElseThrow();
    assertThat(after.chain().currentUsed()).isTrue();
    assertThat(after.lastSeenAt()).isEqualTo(clock.instant());
  }

  @Test
  void markUsed_movedGeneration_leavesNewTokenUnused() {
    Session s = TestSessions.active(clock);
    store.insert(s);
    store.compareAndSet(s.id(), 0, rotate(s));

    store.markUsed(s.id(), 0, clock.instant());

    assertThat(store.find(s.id()).orElseThrow().chain().currentUsed()).isFalse();
  }

  @Test
  void touch_neverMovesLastSeenBackwards() {
    Session s = TestSessions.active(clock);
    store.insert(s);
    Instant later = clock.instant().plusSeconds(90);
    store.touch(s.id(), later);
    store.touch(s.id(), later.minusSeconds(60));

    assertThat(store.find(s.id()).orElseThrow().lastSeenAt()).isEqualTo(later);
  }

  @Test
  void revoke_twice_keepsTheFirstRevocation() {
    Session s = TestSessions.active(clock);
    store.insert(s);
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
    List.of(a1, a2, a3, b).forEach(store::insert);
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
    store.insert(live);
    store.insert(revoked);
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
    List.of(live, revoked, idle).forEach(store::insert);
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

  private Session rotate(Session s) {
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
        now,
        s.idleTimeout(),
        s.absoluteTimeout(),
        next,
        Optional.empty());
  }
}
