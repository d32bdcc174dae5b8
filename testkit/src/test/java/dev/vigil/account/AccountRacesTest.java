package dev.vigil.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.client.ClientContext;
import dev.vigil.id.Subject;
import dev.vigil.session.Revocation;
import dev.vigil.session.Session;
import dev.vigil.session.SessionPolicy;
import dev.vigil.session.SessionService;
import dev.vigil.session.SessionStore;
import dev.vigil.testkit.ForwardingSessionStore;
import dev.vigil.testkit.InMemoryAuditLog;
import dev.vigil.testkit.InMemoryLoginFailures;
import dev.vigil.testkit.InMemoryMfaStore;
import dev.vigil.testkit.InMemorySessionStore;
import dev.vigil.testkit.InMemoryUserStore;
import dev.vigil.testkit.MutableClock;
import dev.vigil.token.Keyring;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A change of the account that lands while a sign-in is between checking the password and storing
 * the session (run here from inside the store's insert, the last moment before it) still reaches
 * that session: disabling, deleting, a password change or a new set of roles.
 */
class AccountRacesTest {
  private static final String GOOD = "correct horse battery staple 42";
  private static final String NEW = "a brand new passphrase for 2027";
  private final MutableClock clock = MutableClock.standard();
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final Keyring keyring = Keyring.generate(new SecureRandom(), clock.instant());
  private final InMemorySessionStore stored = new InMemorySessionStore();
  private Runnable beforeInsert = () -> {};
  private final SessionStore store =
      new ForwardingSessionStore() {
        @Override
        protected SessionStore delegate() {
          return stored;
        }

        @Override
        public List<Session> insert(Session s, int max, Revocation eviction) {
          Runnable once = beforeInsert;
          beforeInsert = () -> {};
          once.run();
          return stored.insert(s, max, eviction);
        }
      };
  private final SessionService sessions =
      new SessionService(store, audit, () -> keyring, SessionPolicy.defaults(), clock);
  private final PasswordHasher hasher =
      new PasswordHasher(new PasswordHasher.Params(64, 1, 1), 2, 8);
  private final InMemoryUserStore users = new InMemoryUserStore();
  private final Accounts all =
      Accounts.of(
          new Accounts.Stores(users, new InMemoryLoginFailures(users), new InMemoryMfaStore()),
          sessions,
          new Passwords(hasher, PasswordPolicy.nist(), (p, c) -> Optional.empty(), List.of()),
          new SecretBox(() -> keyring),
          audit,
          clock);

  @Test
  void signIn_racedByDisable_leavesNoLiveSession() {
    User u = created("ana");
    beforeInsert = () -> all.accounts().disable(u.id(), "ops");

    assertThat(login("ana")).isEqualTo(new LoginResult.InvalidCredentials());
    assertThat(live(u)).isEmpty();
  }

  @Test
  void signIn_racedByDelete_leavesNoLiveSession() {
    User u = created("bea");
    beforeInsert = () -> all.accounts().delete(u.id(), "ops");

    assertThat(login("bea")).isEqualTo(new LoginResult.InvalidCredentials());
    assertThat(live(u)).isEmpty();
  }

  @Test
  void signIn_racedByPasswordChange_leavesNoLiveSession() {
    User u = created("cat");
    beforeInsert =
        () ->
            assertThat(
                    all.accounts()
                        .changePassword(
                            u.id(), GOOD, Optional.empty(), NEW, ClientContext.UNKNOWN, "cat"))
                .isInstanceOf(PasswordChange.Changed.class);

    assertThat(login("cat")).isEqualTo(new LoginResult.InvalidCredentials());
    assertThat(live(u)).isEmpty();
  }

  @Test
  void signIn_racedByRoleChange_hasTheNewRoles() {
    User u = created("dan");
    beforeInsert =
        () ->
            all.accounts()
                .setRoles(u.id(), Set.of("viewer"), AccountService.RoleChange.ROTATE, "ops");

    assertThat(login("dan")).isInstanceOf(LoginResult.SignedIn.class);
    assertThat(live(u)).singleElement().satisfies(s -> assertThat(s.roles()).contains("viewer"));
  }

  @Test
  void secondFactor_afterAPasswordChange_isRefused() {
    User u = created("eve");
    MfaService mfa = all.mfa();
    Reauthenticated proof =
        ((Reauthentication.Outcome.Confirmed)
                all.reauthentication().withPassword(u.id(), GOOD, ClientContext.UNKNOWN))
            .proof();
    byte[] seed = Base32.decode(((MfaService.Enrolling.Offered) mfa.enrol(proof)).offer().secret());
    mfa.confirm(u.id(), Totp.code(seed, Totp.step(clock.instant())));
    String challenge = ((LoginResult.MfaRequired) login("eve")).challenge();
    all.accounts()
        .changePassword(u.id(), GOOD, Optional.empty(), NEW, ClientContext.UNKNOWN, "eve");
    clock.advance(java.time.Duration.ofSeconds(30));

    assertThat(
            mfa.complete(
                challenge,
                Totp.code(seed, Totp.step(clock.instant())),
                ClientContext.UNKNOWN,
                "app"))
        .isEqualTo(new LoginResult.MfaInvalid());
    assertThat(live(u)).isEmpty();
  }

  @Test
  void reauthentication_ofADisabledAccount_fails() {
    User u = created("fay");
    all.accounts().disable(u.id(), "ops");

    assertThat(all.reauthentication().withPassword(u.id(), GOOD, ClientContext.UNKNOWN))
        .isInstanceOf(Reauthentication.Outcome.Failed.class);
  }

  @Test
  void totpConfirmation_wrongCodes_areThrottledLikeSignIns() {
    User u = created("gus");
    MfaService mfa = all.mfa();
    Reauthenticated proof =
        ((Reauthentication.Outcome.Confirmed)
                all.reauthentication().withPassword(u.id(), GOOD, ClientContext.UNKNOWN))
            .proof();
    byte[] seed = Base32.decode(((MfaService.Enrolling.Offered) mfa.enrol(proof)).offer().secret());
    String right = Totp.code(seed, Totp.step(clock.instant()));
    String wrong = right.equals("000000") ? "000001" : "000000";
    for (int i = 0; i < 5; i++) {
      assertThat(mfa.confirm(u.id(), wrong)).isInstanceOf(MfaService.Confirming.InvalidCode.class);
    }

    assertThat(mfa.confirm(u.id(), right)).isInstanceOf(MfaService.Confirming.Throttled.class);
  }

  @Test
  void aPasswordTypedAsUsername_isNeverStoredOrLogged() {
    String typed = "my secret passphrase 42";
    for (int i = 0; i < 6; i++) {
      all.signIn().login(typed, GOOD, ClientContext.UNKNOWN, "app");
    }
    all.signIn().addressThrottled(typed, ClientContext.UNKNOWN);

    assertThat(audit.all())
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.toString()).doesNotContain(typed));
    assertThat(all.signIn().login(typed, GOOD, ClientContext.UNKNOWN, "app"))
        .as("still throttled under its digest")
        .isInstanceOf(LoginResult.Throttled.class);
  }

  private List<Session> live(User u) {
    return sessions.list(new Subject(u.id().value()));
  }

  private LoginResult login(String name) {
    return all.signIn().login(name, GOOD, ClientContext.UNKNOWN, "app");
  }

  private User created(String name) {
    var r = all.accounts().create(name, GOOD, Optional.empty(), Set.of("editor"), "test");
    return ((AccountService.Creation.Created) r).user();
  }
}
