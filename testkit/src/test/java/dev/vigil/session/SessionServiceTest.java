package dev.vigil.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
import dev.vigil.client.KeywordUserAgents;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.testkit.InMemoryAuditLog;
import dev.vigil.testkit.InMemorySessionStore;
import dev.vigil.testkit.MutableClock;
import dev.vigil.token.Keyring;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SessionServiceTest {
  private final MutableClock clock = MutableClock.standard();
  private final SecureRandom random = new SecureRandom();
  private final CountingStore store = new CountingStore(new InMemorySessionStore());
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final AtomicReference<Keyring> keyring =
      new AtomicReference<>(Keyring.generate(random, clock.instant()));
  private final SessionPolicy policy =
      new SessionPolicy(
          Duration.ofMinutes(30),
          Duration.ofHours(12),
          Duration.ofDays(1),
          Duration.ofDays(30),
          Duration.ofMinutes(15),
          Duration.ofSeconds(30),
          Duration.ofHours(1),
          3,
          Duration.ofDays(7));
  private final SessionService sessions =
      new SessionService(store, audit, keyring::get, policy, clock);

  private static final ClientContext HOME =
      new ClientContext(IpAddress.parse("203.0.113.9"), Optional.of("Firefox/140"));

  @Test
  void verify_freshToken_isValidWithoutRenewal() {
    IssuedToken issued = create("alice");
    Verdict v = verify(issued.token());
    assertThat(v)
        .isInstanceOfSatisfying(
            Verdict.Valid.class,
            ok -> {
              assertThat(ok.session().id()).isEqualTo(issued.session().id());
              assertThat(ok.renewedToken()).isEmpty();
            });
  }

  @Test
  void create_tokenHasTheContractsForm() {
    String token = create("alice").token();
    assertThat(token).startsWith("vs1.").hasSizeLessThanOrEqualTo(200).matches("[A-Za-z0-9._-]+");
  }

  @Test
  void verify_garbage_isMalformed_andRecordedAsIncident() {
    Verdict.Invalid v = invalid(verify("not a token"));
    assertThat(v.reason()).isEqualTo(Reason.MALFORMED);
    assertThat(v.action()).isEqualTo(Action.REAUTHENTICATE);
    assertThat(v.sessionId()).isEmpty();
    assertThat(audit.findByIncident(v.incident()))
        .hasValueSatisfying(
            e -> {
              assertThat(e.type()).isEqualTo(EventType.VERIFY_FAILED);
              assertThat(e.reason()).contains("MALFORMED");
            });
  }

  @Test
  void verify_oneCharacterChanged_isTampered() {
    String token = create("alice").token();
    int i = token.length() - 10;
    String altered =
        token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);
    assertThat(invalid(verify(altered)).reason()).isEqualTo(Reason.TAMPERED);
  }

  @Test
  void verify_tokenFromAnotherDeployment_isTampered() {
    AtomicReference<Keyring> otherRing =
        new AtomicReference<>(Keyring.generate(random, clock.instant()));
    SessionService other =
        new SessionService(
            new InMemorySessionStore(), new InMemoryAuditLog(), otherRing::get, policy, clock);
    String foreign = other.create(NewSession.of(new Subject("alice")), "test").token();
    assertThat(invalid(verify(foreign)).reason()).isEqualTo(Reason.TAMPERED);
  }

  @Test
  void verify_afterKeyRotation_withinOverlap_isValidAndRenewedUnderNewKey() {
    String token = create("alice").token();
    keyring.set(keyring.get().rotate(random, clock.instant()));
    Verdict.Valid v = valid(verify(token));
    assertThat(v.renewedToken())
        .hasValueSatisfying(
            t -> assertThat(t).startsWith("vs1." + keyring.get().current().id() + "."));
  }

  @Test
  void verify_afterKeyOverlapEnded_isKeyRetired() {
    IssuedToken issued = create("alice");
    keyring.set(keyring.get().rotate(random, clock.instant()));
    clock.advance(Duration.ofHours(1));
    Verdict.Invalid v = invalid(verify(issued.token()));
    assertThat(v.reason()).isEqualTo(Reason.KEY_RETIRED);
    assertThat(v.sessionId()).contains(issued.session().id());
  }

  @Test
  void verify_purgedSession_isUnknownSession() {
    IssuedToken issued = create("alice");
    sessions.revoke(issued.session().id(), RevocationCause.ADMIN, "ops");
    clock.advance(Duration.ofDays(8));
    assertThat(sessions.purge()).isEqualTo(1);
    assertThat(invalid(verify(issued.token())).reason()).isEqualTo(Reason.UNKNOWN_SESSION);
  }

  @Test
  void verify_justBeforeIdleTimeout_isValid_neverEarly() {
    String token = create("alice").token();
    clock.advance(Duration.ofMinutes(30).minusSeconds(1));
    assertThat(verify(token)).isInstanceOf(Verdict.Valid.class);
  }

  @Test
  void verify_afterIdleTimeoutAndTouchInterval_isExpiredIdle_withMinutesInMessage() {
    String token = create("alice").token();
    clock.advance(Duration.ofMinutes(31));
    Verdict.Invalid v = invalid(verify(token));
    assertThat(v.reason()).isEqualTo(Reason.EXPIRED_IDLE);
    assertThat(v.message())
        .isEqualTo("You were signed out after 30 minutes without activity. Please sign in again.");
  }

  @Test
  void verify_activeSessionPastAbsoluteLifetime_isExpiredAbsolute() {
    String token = create("alice").token();
    for (int i = 0; i < 12 * 3; i++) {
      clock.advance(Duration.ofMinutes(20));
      Verdict v = verify(token);
      if (v instanceof Verdict.Valid ok && ok.renewedToken().isPresent()) {
        token = ok.renewedToken().get();
      }
      if (i < 12 * 3 - 1) {
        assertThat(v).as("use %d", i).isInstanceOf(Verdict.Valid.class);
      }
    }
    clock.advance(Duration.ofMinutes(1));
    assertThat(invalid(verify(token)).reason()).isEqualTo(Reason.EXPIRED_ABSOLUTE);
  }

  @Test
  void verify_afterLogout_isRevokedWithCause() {
    IssuedToken issued = create("alice");
    assertThat(sessions.revoke(issued.token(), "app")).isTrue();
    assertThat(sessions.revoke(issued.token(), "app")).isFalse();
    Verdict.Invalid v = invalid(verify(issued.token()));
    assertThat(v.reason()).isEqualTo(Reason.REVOKED);
    assertThat(v.revocation())
        .hasValueSatisfying(
            r -> {
              assertThat(r.cause()).isEqualTo(RevocationCause.LOGOUT);
              assertThat(r.by()).isEqualTo("app");
            });
  }

  @Test
  void rotation_oldTokenInGrace_getsSameSuccessor_thenReuseAfterGraceRevokesSession() {
    String first = create("alice").token();
    clock.advance(Duration.ofMinutes(15));
    String second = valid(verify(first)).renewedToken().orElseThrow();

    clock.advance(Duration.ofSeconds(10));
    assertThat(valid(verify(first)).renewedToken()).contains(second);
    assertThat(valid(verify(second)).renewedToken()).isEmpty();

    clock.advance(Duration.ofSeconds(30));
    Verdict.Invalid reuse = invalid(verify(first));
    assertThat(reuse.reason()).isEqualTo(Reason.TOKEN_REUSED);
    Verdict.Invalid after = invalid(verify(second));
    assertThat(after.reason()).isEqualTo(Reason.REVOKED);
    assertThat(after.revocation().orElseThrow().cause()).isEqualTo(RevocationCause.THEFT_SUSPECTED);
  }

  @Test
  void rotation_renewedTokenLost_oldTokenKeepsWorkingWithSameSuccessor() {
    String first = create("alice").token();
    clock.advance(Duration.ofMinutes(15));
    String second = valid(verify(first)).renewedToken().orElseThrow();
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofMinutes(5));
      assertThat(valid(verify(first)).renewedToken()).contains(second);
    }
    assertThat(verify(second)).isInstanceOf(Verdict.Valid.class);
  }

  @Test
  void rotation_tokenTwoGenerationsOld_isReused() {
    String first = create("alice").token();
    clock.advance(Duration.ofMinutes(15));
    String second = valid(verify(first)).renewedToken().orElseThrow();
    verify(second);
    clock.advance(Duration.ofMinutes(15));
    String third = valid(verify(second)).renewedToken().orElseThrow();
    verify(third);
    assertThat(invalid(verify(first)).reason()).isEqualTo(Reason.TOKEN_REUSED);
  }

  @Test
  void rotation_concurrentRequestsWithDueToken_allValid_exactlyOneSuccessor() throws Exception {
    IssuedToken issued = create("alice");
    clock.advance(Duration.ofMinutes(16));
    int threads = 32;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Verdict>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return verify(issued.token());
                }));
      }
      go.countDown();
      Set<String> successors = new HashSet<>();
      for (Future<Verdict> f : results) {
        successors.add(valid(f.get()).renewedToken().orElseThrow());
      }
      assertThat(successors).hasSize(1);
    }
    assertThat(store.find(issued.session().id()).orElseThrow().chain().generation()).isEqualTo(1);
  }

  @Test
  void explicitRotate_oldTokenSuperseded_newTokenCarriesNewRoles() {
    String old = create("alice").token();
    SessionService.Rotation r =
        sessions.rotate(old, Optional.of(Set.of("admin")), Optional.empty(), "app");
    IssuedToken next = ((SessionService.Rotation.Rotated) r).issued();
    assertThat(invalid(verify(old)).reason()).isEqualTo(Reason.SUPERSEDED);
    assertThat(valid(verify(next.token())).session().roles()).containsExactly("admin");
  }

  @Test
  void boundSession_fromAnotherNetworkOrBrowser_isContextMismatch_sameNetworkIsFine() {
    NewSession req =
        new NewSession(
            new Subject("alice"),
            Set.of(),
            Optional.empty(),
            HOME,
            Optional.empty(),
            Optional.empty(),
            true);
    String token = sessions.create(req, "test").token();
    ClientContext sameNet = new ClientContext(IpAddress.parse("203.0.113.77"), HOME.userAgent());
    ClientContext otherNet = new ClientContext(IpAddress.parse("198.51.100.9"), HOME.userAgent());
    ClientContext otherUa = new ClientContext(HOME.ip(), Optional.of("curl/8"));

    assertThat(sessions.verify(token, sameNet, Requirements.NONE))
        .isInstanceOf(Verdict.Valid.class);
    assertThat(invalid(sessions.verify(token, otherNet, Requirements.NONE)).reason())
        .isEqualTo(Reason.CONTEXT_MISMATCH);
    assertThat(invalid(sessions.verify(token, otherUa, Requirements.NONE)).reason())
        .isEqualTo(Reason.CONTEXT_MISMATCH);
  }

  @Test
  void require_missingRole_isForbiddenNamingIt() {
    String token = create("alice").token();
    Verdict.Invalid v =
        invalid(
            sessions.verify(
                token,
                HOME,
                new Requirements(Set.of("admin"), Optional.empty(), OptionalInt.empty())));
    assertThat(v.reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(v.action()).isEqualTo(Action.NONE);
    assertThat(v.missing()).containsExactly("role admin");
  }

  @Test
  void require_higherAalOrFresherAuth_isStepUpRequired() {
    String token = create("alice").token();
    clock.advance(Duration.ofMinutes(10));
    Verdict.Invalid aal =
        invalid(
            sessions.verify(
                token, HOME, new Requirements(Set.of(), Optional.empty(), OptionalInt.of(2))));
    Verdict.Invalid age =
        invalid(
            sessions.verify(
                token,
                HOME,
                new Requirements(
                    Set.of(), Optional.of(Duration.ofMinutes(5)), OptionalInt.empty())));
    assertThat(aal.reason()).isEqualTo(Reason.STEP_UP_REQUIRED);
    assertThat(aal.action()).isEqualTo(Action.STEP_UP);
    assertThat(age.reason()).isEqualTo(Reason.STEP_UP_REQUIRED);
    assertThat(verify(token)).isInstanceOf(Verdict.Valid.class);
  }

  @Test
  void create_beyondSessionCap_endsLeastRecentlyUsed() {
    IssuedToken oldest = create("alice");
    clock.advance(Duration.ofMinutes(1));
    IssuedToken second = create("alice");
    clock.advance(Duration.ofMinutes(1));
    create("alice");
    clock.advance(Duration.ofMinutes(1));
    verify(oldest.token());
    create("alice");

    Verdict.Invalid v = invalid(verify(second.token()));
    assertThat(v.reason()).isEqualTo(Reason.REVOKED);
    assertThat(v.revocation().orElseThrow().cause()).isEqualTo(RevocationCause.SESSION_LIMIT);
    assertThat(sessions.list(new Subject("alice"))).hasSize(3);
  }

  @Test
  void revokeAll_exceptOne_endsTheOthers() {
    IssuedToken keep = create("alice");
    create("alice");
    create("alice");
    int n =
        sessions.revokeAll(
            new Subject("alice"),
            Optional.of(keep.session().id()),
            RevocationCause.ALL_SESSIONS,
            "app");
    assertThat(n).isEqualTo(2);
    assertThat(sessions.list(new Subject("alice")))
        .extracting(Session::id)
        .containsExactly(keep.session().id());
  }

  @Test
  void verify_manyTimesWithinTouchInterval_writesAtMostOnce() {
    String token = create("alice").token();
    verify(token);
    int writes = store.writes.get();
    for (int i = 0; i < 100; i++) {
      clock.advance(Duration.ofMillis(100));
      verify(token);
    }
    assertThat(store.writes.get() - writes).isLessThanOrEqualTo(1);
  }

  @Test
  void changeRoles_appliesAtOnce_andRotatesAtNextUse_withoutSigningOut() {
    String token = create("alice").token();
    assertThat(sessions.changeRoles(new Subject("alice"), Set.of("admin"), "ops")).isEqualTo(1);
    Verdict.Valid v = valid(verify(token));
    assertThat(v.session().roles()).containsExactly("admin");
    String renewed = v.renewedToken().orElseThrow();
    assertThat(valid(verify(token)).renewedToken()).contains(renewed);
    assertThat(valid(verify(renewed)).renewedToken()).isEmpty();
  }

  private static final ClientContext ELSEWHERE =
      new ClientContext(
          IpAddress.parse("198.51.100.77"),
          Optional.of(
              "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"));

  private SessionService watching(ClientChange mode) {
    return new SessionService(
        store,
        audit,
        keyring::get,
        policy,
        new SessionService.Checks(
            RolePermissions.NONE, StepUpMarks.NONE, new ClientWatch(mode, new KeywordUserAgents())),
        clock);
  }

  @Test
  void clientChange_notify_acceptsAndTellsOnce_theSessionTakesTheNewClient() {
    SessionService s = watching(ClientChange.NOTIFY);
    String token = create("alice").token();
    assertThat(valid(s.verify(token, ELSEWHERE, Requirements.NONE)).session().client())
        .isEqualTo(ELSEWHERE);
    valid(s.verify(token, ELSEWHERE, Requirements.NONE));
    assertThat(audit.all())
        .filteredOn(e -> e.type() == EventType.SESSION_CLIENT_CHANGED)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.reason()).contains("NOTIFY");
              assertThat(e.client()).isEqualTo(ELSEWHERE);
              assertThat(e.detail()).containsEntry("previous_network", "203.0.113.0/24");
            });
  }

  /** A node whose cache still holds {@code copy}: what it reads of that session is the copy. */
  private SessionService nodeHolding(Session copy) {
    SessionStore stale =
        new dev.vigil.testkit.ForwardingSessionStore() {
          @Override
          protected SessionStore delegate() {
            return store;
          }

          @Override
          public Optional<Session> find(SessionId id) {
            return id.equals(copy.id()) ? Optional.of(copy) : store.find(id);
          }
        };
    return new SessionService(
        stale,
        audit,
        keyring::get,
        policy,
        new SessionService.Checks(
            RolePermissions.NONE,
            StepUpMarks.NONE,
            new ClientWatch(ClientChange.NOTIFY, new KeywordUserAgents())),
        clock);
  }

  @Test
  void clientChange_notifyOnANodeWithAnOlderCopy_keepsTheRoleChange() {
    IssuedToken issued = create("alice");
    Session before = store.find(issued.session().id()).orElseThrow();
    sessions.changeRoles(new Subject("alice"), Set.of(), "ops");

    nodeHolding(before).verify(issued.token(), ELSEWHERE, Requirements.NONE);

    Session stored = store.find(before.id()).orElseThrow();
    assertThat(stored.client()).isEqualTo(ELSEWHERE);
    assertThat(stored.roles()).isEmpty();
    assertThat(stored.chain().renewPending()).isTrue();
  }

  @Test
  void rotation_onANodeWithAnOlderCopy_keepsTheRoleChange() {
    IssuedToken issued = create("alice");
    Session before = store.find(issued.session().id()).orElseThrow();
    sessions.changeRoles(new Subject("alice"), Set.of(), "ops");
    clock.advance(Duration.ofMinutes(16));

    nodeHolding(before).verify(issued.token(), HOME, Requirements.NONE);

    assertThat(store.find(before.id()).orElseThrow().roles()).isEmpty();
  }

  @Test
  void clientChange_networkOrBrowserAlone_isNoChange() {
    SessionService s = watching(ClientChange.REVOKE);
    String token = create("alice").token();
    ClientContext newNetworkSameBrowser =
        new ClientContext(IpAddress.parse("198.51.100.77"), HOME.userAgent());
    ClientContext sameNetworkNewBrowser = new ClientContext(HOME.ip(), ELSEWHERE.userAgent());
    valid(s.verify(token, newNetworkSameBrowser, Requirements.NONE));
    valid(s.verify(token, sameNetworkNewBrowser, Requirements.NONE));
    valid(s.verify(token, ClientContext.UNKNOWN, Requirements.NONE));
    assertThat(audit.all()).noneMatch(e -> e.type() == EventType.SESSION_CLIENT_CHANGED);
  }

  @Test
  void clientChange_stepUp_refusesUntilReauthenticatedFromThere() {
    SessionService s = watching(ClientChange.STEP_UP);
    String token = create("alice").token();
    Verdict.Invalid refused = invalid(s.verify(token, ELSEWHERE, Requirements.NONE));
    assertThat(refused.reason()).isEqualTo(Reason.STEP_UP_REQUIRED);
    assertThat(refused.required().orElseThrow().authAfter()).contains(clock.instant());
    valid(s.verify(token, HOME, Requirements.NONE));
    clock.advance(Duration.ofSeconds(5));
    String stepped =
        ((SessionService.Rotation.Rotated)
                s.reauthenticate(
                    token,
                    new Authentication(List.of("pwd"), clock.instant(), 1),
                    ELSEWHERE,
                    "test"))
            .issued()
            .token();
    valid(s.verify(stepped, ELSEWHERE, Requirements.NONE));
  }

  @Test
  void clientChange_revoke_endsTheSessionWithClientChanged() {
    SessionService s = watching(ClientChange.REVOKE);
    String token = create("alice").token();
    Verdict.Invalid v = invalid(s.verify(token, ELSEWHERE, Requirements.NONE));
    assertThat(v.reason()).isEqualTo(Reason.REVOKED);
    assertThat(v.revocation().orElseThrow().cause()).isEqualTo(RevocationCause.CLIENT_CHANGED);
    assertThat(invalid(s.verify(token, HOME, Requirements.NONE)).reason())
        .isEqualTo(Reason.REVOKED);
  }

  private IssuedToken create(String subject) {
    return sessions.create(
        new NewSession(
            new Subject(subject),
            Set.of("editor"),
            Optional.empty(),
            HOME,
            Optional.empty(),
            Optional.empty(),
            false),
        "test");
  }

  private Verdict verify(String token) {
    return sessions.verify(token, HOME, Requirements.NONE);
  }

  private static Verdict.Invalid invalid(Verdict v) {
    assertThat(v).isInstanceOf(Verdict.Invalid.class);
    return (Verdict.Invalid) v;
  }

  private static Verdict.Valid valid(Verdict v) {
    assertThat(v).as("%s", v).isInstanceOf(Verdict.Valid.class);
    return (Verdict.Valid) v;
  }

  /** Counts the writes a verify makes. */
  private static final class CountingStore extends dev.vigil.testkit.ForwardingSessionStore {
    private final SessionStore inner;
    final AtomicInteger writes = new AtomicInteger();

    CountingStore(SessionStore inner) {
      this.inner = inner;
    }

    @Override
    protected SessionStore delegate() {
      return inner;
    }

    @Override
    public List<Session> insert(Session s, int max, Revocation eviction) {
      writes.incrementAndGet();
      return inner.insert(s, max, eviction);
    }

    @Override
    public boolean compareAndSet(Session expected, Session n) {
      writes.incrementAndGet();
      return inner.compareAndSet(expected, n);
    }

    @Override
    public void markUsed(SessionId id, long g, java.time.Instant t) {
      writes.incrementAndGet();
      inner.markUsed(id, g, t);
    }

    @Override
    public void touch(SessionId id, java.time.Instant t) {
      writes.incrementAndGet();
      inner.touch(id, t);
    }

    @Override
    public boolean moveClient(SessionId id, ClientContext client) {
      writes.incrementAndGet();
      return inner.moveClient(id, client);
    }

    @Override
    public Optional<Session> revoke(SessionId id, Revocation r) {
      writes.incrementAndGet();
      return inner.revoke(id, r);
    }

    @Override
    public List<Session> revokeSubject(Subject s, Optional<SessionId> except, Revocation r) {
      writes.incrementAndGet();
      return inner.revokeSubject(s, except, r);
    }

    @Override
    public long revokeEverything(
        Revocation r,
        int batch,
        java.util.function.Consumer<List<dev.vigil.session.SessionRef>> ended) {
      writes.incrementAndGet();
      return inner.revokeEverything(r, batch, ended);
    }
  }
}
