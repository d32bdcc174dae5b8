package dev.vigil.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.client.ClientContext;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.session.IssuedToken;
import dev.vigil.session.NewSession;
import dev.vigil.session.Revocation;
import dev.vigil.session.Session;
import dev.vigil.session.SessionPolicy;
import dev.vigil.session.SessionService;
import dev.vigil.session.SessionStore;
import dev.vigil.session.StoreUnavailableException;
import dev.vigil.testkit.ForwardingSessionStore;
import dev.vigil.testkit.InMemoryAuditLog;
import dev.vigil.testkit.InMemoryLoginFailures;
import dev.vigil.testkit.InMemoryMfaStore;
import dev.vigil.testkit.InMemorySessionStore;
import dev.vigil.testkit.InMemoryUserStore;
import dev.vigil.testkit.MutableClock;
import dev.vigil.token.Keyring;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A password change or reset whose sessions cannot be ended (the store refuses that write: a full
 * disk, an outage) leaves the old password in force and every session as it was, so the change can
 * be made again as it was first asked; never a new password with the sessions it meant to end still
 * alive.
 */
class AccountChangeFailuresTest {
  private static final String GOOD = "correct horse battery staple 42";
  private static final String NEW = "a brand new passphrase for 2027";
  private final MutableClock clock = MutableClock.standard();
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final Keyring keyring = Keyring.generate(new SecureRandom(), clock.instant());
  private final InMemorySessionStore stored = new InMemorySessionStore();

  /** Whether the next revocation of a subject's sessions is refused. */
  private boolean refuseNextRevocation;

  /** Whether the next replacement of a session (a change of its roles) is refused. */
  private boolean refuseNextReplacement;

  /** Run once, right after the next revocation of a subject's sessions. */
  private Runnable afterNextRevocation = () -> {};

  private final SessionStore store =
      new ForwardingSessionStore() {
        @Override
        protected SessionStore delegate() {
          return stored;
        }

        @Override
        public boolean compareAndSet(Session expected, Session next) {
          if (refuseNextReplacement) {
            refuseNextReplacement = false;
            throw new StoreUnavailableException("refused by the test", null);
          }
          return stored.compareAndSet(expected, next);
        }

        @Override
        public List<Session> revokeSubject(
            Subject subject, Optional<SessionId> except, Revocation revocation) {
          if (refuseNextRevocation) {
            refuseNextRevocation = false;
            throw new StoreUnavailableException("refused by the test", null);
          }
          List<Session> ended = stored.revokeSubject(subject, except, revocation);
          Runnable once = afterNextRevocation;
          afterNextRevocation = () -> {};
          once.run();
          return ended;
        }
      };
  private final SessionService sessions =
      new SessionService(store, audit, () -> keyring, SessionPolicy.defaults(), clock);
  private final InMemoryUserStore users = new InMemoryUserStore();
  private final Accounts all =
      Accounts.of(
          new Accounts.Stores(users, new InMemoryLoginFailures(users), new InMemoryMfaStore()),
          sessions,
          new Passwords(
              new PasswordHasher(new PasswordHasher.Params(64, 1, 1), 2, 8),
              PasswordPolicy.nist(),
              (p, c) -> Optional.empty(),
              List.of()),
          new SecretBox(() -> keyring),
          audit,
          clock);

  @Test
  void aChange_whoseSessionsCannotBeEnded_leavesTheOldPassword_andCanBeMadeAgain() {
    User u = created("ana");
    IssuedToken thief = session(u);
    String hash = users.find(u.id()).orElseThrow().passwordHash();

    refuseNextRevocation = true;
    assertThatThrownBy(() -> change(u)).isInstanceOf(StoreUnavailableException.class);
    assertThat(users.find(u.id()).orElseThrow().passwordHash()).isEqualTo(hash);
    assertThat(sessions.find(thief.session().id()).orElseThrow().revocation()).isEmpty();

    // asked again as the first time, with the password the person knows as current
    assertThat(change(u)).isEqualTo(new PasswordChange.Changed(1));
    assertThat(users.find(u.id()).orElseThrow().passwordHash()).isNotEqualTo(hash);
    assertThat(sessions.find(thief.session().id()).orElseThrow().revocation()).isPresent();
  }

  @Test
  void aSession_storedBetweenTheFirstRevocationAndTheNewHash_isEndedToo() {
    User u = created("cat");
    IssuedToken[] raced = new IssuedToken[1];
    // a sign-in with the old password that stores its session after the sessions were ended and
    // before the new hash is in force: it reads the old hash back, so it keeps its session
    afterNextRevocation = () -> raced[0] = session(u);

    assertThat(change(u)).isEqualTo(new PasswordChange.Changed(1));
    assertThat(sessions.find(raced[0].session().id()).orElseThrow().revocation()).isPresent();
  }

  @Test
  void aReset_whoseSessionsCannotBeEnded_leavesTheOldPassword() {
    User u = created("bea");
    IssuedToken thief = session(u);
    String hash = users.find(u.id()).orElseThrow().passwordHash();
    String token =
        all.resets().issue(u.id(), Duration.ofHours(1), "test", "ops").orElseThrow().token();

    refuseNextRevocation = true;
    assertThatThrownBy(() -> all.resets().redeem(token, NEW, "bea"))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(users.find(u.id()).orElseThrow().passwordHash()).isEqualTo(hash);
    assertThat(sessions.find(thief.session().id()).orElseThrow().revocation()).isEmpty();

    // the link is still good
    assertThat(all.resets().redeem(token, NEW, "bea")).isEqualTo(new PasswordChange.Changed(1));
    assertThat(sessions.find(thief.session().id()).orElseThrow().revocation()).isPresent();
  }

  @Test
  void aDisable_whoseSessionsCannotBeEnded_leavesTheAccountEnabled_andCanBeMadeAgain() {
    User u = created("dot");
    IssuedToken thief = session(u);

    refuseNextRevocation = true;
    assertThatThrownBy(() -> all.accounts().disable(u.id(), "ops"))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(users.find(u.id()).orElseThrow().enabled()).isTrue();
    assertThat(sessions.find(thief.session().id()).orElseThrow().revocation()).isEmpty();

    assertThat(all.accounts().disable(u.id(), "ops"))
        .hasValueSatisfying(d -> assertThat(d.enabled()).isFalse());
    assertThat(sessions.find(thief.session().id()).orElseThrow().revocation()).isPresent();
  }

  @Test
  void aRoleChangeThatEndsSessions_whoseSessionsCannotBeEnded_leavesTheRoles() {
    User u = created("eli");
    IssuedToken kept = session(u);

    refuseNextRevocation = true;
    assertThatThrownBy(
            () ->
                all.accounts()
                    .setRoles(u.id(), Set.of("viewer"), AccountService.RoleChange.REVOKE, "ops"))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(users.find(u.id()).orElseThrow().roles()).containsExactly("editor");
    assertThat(sessions.find(kept.session().id()).orElseThrow().revocation()).isEmpty();
  }

  @Test
  void aRoleChange_whoseSessionsCannotTakeTheRoles_leavesTheAccountsRoles_andCanBeMadeAgain() {
    User u = created("fin");
    IssuedToken kept = session(u);

    refuseNextReplacement = true;
    assertThatThrownBy(
            () ->
                all.accounts()
                    .setRoles(u.id(), Set.of("viewer"), AccountService.RoleChange.ROTATE, "ops"))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(users.find(u.id()).orElseThrow().roles()).containsExactly("editor");

    assertThat(
            all.accounts()
                .setRoles(u.id(), Set.of("viewer"), AccountService.RoleChange.ROTATE, "ops"))
        .hasValueSatisfying(changed -> assertThat(changed.roles()).containsExactly("viewer"));
    assertThat(sessions.find(kept.session().id()).orElseThrow().roles()).containsExactly("viewer");
    // one change per session: the second pass leaves what the first already changed
    assertThat(audit.all())
        .filteredOn(e -> e.type() == dev.vigil.audit.EventType.SESSION_PRIVILEGES_CHANGED)
        .hasSize(1);
  }

  private PasswordChange change(User u) {
    return all.accounts()
        .changePassword(u.id(), GOOD, Optional.empty(), NEW, ClientContext.UNKNOWN, "ana");
  }

  private IssuedToken session(User u) {
    return sessions.create(
        new NewSession(
            new Subject(u.id().value()),
            Set.of(),
            Optional.of(new dev.vigil.session.Authentication(List.of("pwd"), clock.instant(), 1)),
            ClientContext.UNKNOWN,
            Optional.empty(),
            Optional.empty(),
            false),
        "test");
  }

  private User created(String name) {
    var r = all.accounts().create(name, GOOD, Optional.empty(), Set.of("editor"), "test");
    return ((AccountService.Creation.Created) r).user();
  }
}
