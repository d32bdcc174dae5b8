package dev.vigil.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.id.UserId;
import dev.vigil.session.Reason;
import dev.vigil.session.Requirements;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.SessionPolicy;
import dev.vigil.session.SessionService;
import dev.vigil.session.Verdict;
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

/** Accounts and sign-in on the in-memory stores, with small Argon2id parameters. */
class AccountServiceTest {
  private static final String GOOD = "correct horse battery staple 42";
  private final MutableClock clock = MutableClock.standard();
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final Keyring keyring = Keyring.generate(new SecureRandom(), clock.instant());
  private final SessionService sessions =
      new SessionService(
          new InMemorySessionStore(), audit, () -> keyring, SessionPolicy.defaults(), clock);
  private final PasswordHasher hasher =
      new PasswordHasher(new PasswordHasher.Params(64, 1, 1), 2, 8);
  private final PasswordStrength noCommonWords =
      (password, context) ->
          context.stream().anyMatch(w -> password.toLowerCase().contains(w.toLowerCase()))
              ? Optional.of("The password contains your username.")
              : Optional.empty();
  private final InMemoryUserStore users = new InMemoryUserStore();
  private final InMemoryMfaStore mfaStore = new InMemoryMfaStore();
  private final Accounts all =
      Accounts.of(
          new Accounts.Stores(users, new InMemoryLoginFailures(users), mfaStore),
          sessions,
          new Passwords(hasher, PasswordPolicy.nist(), noCommonWords, List.of("vigil")),
          new SecretBox(() -> keyring),
          audit,
          clock);
  private final AccountService accounts = all.accounts();
  private final SignIn signIn = all.signIn();
  private final MfaService mfa = all.mfa();

  @Test
  void create_thenLogin_opensANewSessionForTheUser() {
    User user = created("alice");
    LoginResult r = signIn.login("alice", GOOD, ClientContext.UNKNOWN, "app");
    assertThat(r)
        .isInstanceOfSatisfying(
            LoginResult.SignedIn.class,
            in -> {
              assertThat(in.issued().session().subject().value()).isEqualTo(user.id().value());
              assertThat(in.issued().session().auth().methods()).containsExactly("pwd");
              assertThat(in.issued().session().roles()).containsExactly("editor");
            });
    assertThat(audit.all())
        .extracting(e -> e.type())
        .contains(EventType.USER_CREATED, EventType.LOGIN_SUCCEEDED);
  }

  @Test
  void create_lookAlikeUsername_isTaken() {
    created("alice");
    assertThat(accounts.create("ＡＬＩＣＥ ", GOOD, Optional.empty(), Set.of(), "test"))
        .isInstanceOfSatisfying(
            AccountService.Creation.Refused.class,
            r -> assertThat(r.reason()).isEqualTo("USERNAME_TAKEN"));
    assertThat(accounts.create("аlice", GOOD, Optional.empty(), Set.of(), "test"))
        .as("Cyrillic а in a Latin name")
        .isInstanceOfSatisfying(
            AccountService.Creation.Refused.class,
            r -> assertThat(r.reason()).isEqualTo("INVALID_USERNAME"));
    assertThat(accounts.create("алиса", GOOD, Optional.empty(), Set.of(), "test"))
        .as("all Cyrillic")
        .isInstanceOf(AccountService.Creation.Created.class);
  }

  @Test
  void create_shortOrContextualPassword_isRefusedWithWords() {
    var shortOne = accounts.create("bob", "tooshort", Optional.empty(), Set.of(), "test");
    var withName =
        accounts.create("bob", "my name is bob and that is it", Optional.empty(), Set.of(), "test");
    assertThat(shortOne)
        .isInstanceOfSatisfying(
            AccountService.Creation.Refused.class,
            r -> {
              assertThat(r.reason()).isEqualTo("PASSWORD_POLICY");
              assertThat(r.why())
                  .isEqualTo("The password must have at least 15 characters; it has 8.");
            });
    assertThat(withName)
        .isInstanceOfSatisfying(
            AccountService.Creation.Refused.class, r -> assertThat(r.why()).contains("username"));
  }

  @Test
  void login_unknownUserAndWrongPassword_answerAlike() {
    created("carol");
    assertThat(signIn.login("carol", "wrong password entirely", ClientContext.UNKNOWN, "app"))
        .isEqualTo(new LoginResult.InvalidCredentials());
    assertThat(signIn.login("nobody", "wrong password entirely", ClientContext.UNKNOWN, "app"))
        .isEqualTo(new LoginResult.InvalidCredentials());
  }

  @Test
  void login_afterFiveFailures_isThrottledWithGrowingDelay_forKnownAndUnknownAlike() {
    created("dave");
    for (String name : List.of("dave", "ghost")) {
      for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
        assertThat(signIn.login(name, "nope nope nope nope", ClientContext.UNKNOWN, "app"))
            .isInstanceOf(LoginResult.InvalidCredentials.class);
      }
      assertThat(signIn.login(name, GOOD, ClientContext.UNKNOWN, "app"))
          .as(name)
          .isEqualTo(new LoginResult.Throttled(Duration.ofSeconds(1)));
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(signIn.login("dave", GOOD, ClientContext.UNKNOWN, "app"))
        .isInstanceOf(LoginResult.SignedIn.class);
  }

  @Test
  void login_atHardStop_refusesEvenTheRightPassword() {
    created("erin");
    for (int i = 0; i < LoginThrottle.HARD_STOP; i++) {
      signIn.login("erin", "nope nope nope nope", ClientContext.UNKNOWN, "app");
      clock.advance(LoginThrottle.MAX_DELAY);
    }
    assertThat(signIn.login("erin", GOOD, ClientContext.UNKNOWN, "app"))
        .isInstanceOf(LoginResult.Throttled.class);
  }

  @Test
  void disable_endsSessionsWithAccountDisabled_andRefusesSignIn() {
    User user = created("frank");
    String token =
        ((LoginResult.SignedIn) signIn.login("frank", GOOD, ClientContext.UNKNOWN, "app"))
            .issued()
            .token();
    accounts.disable(user.id(), "ops");
    Verdict v = sessions.verify(token, ClientContext.UNKNOWN, Requirements.NONE);
    assertThat(v)
        .isInstanceOfSatisfying(
            Verdict.Invalid.class,
            bad -> {
              assertThat(bad.reason()).isEqualTo(Reason.REVOKED);
              assertThat(bad.revocation().orElseThrow().cause())
                  .isEqualTo(RevocationCause.ACCOUNT_DISABLED);
            });
    assertThat(signIn.login("frank", GOOD, ClientContext.UNKNOWN, "app"))
        .as("a disabled account fails like a wrong password")
        .isEqualTo(new LoginResult.InvalidCredentials());
    assertThat(audit.all())
        .filteredOn(e -> e.type() == EventType.LOGIN_FAILED)
        .last()
        .extracting(e -> e.reason().orElseThrow())
        .isEqualTo("ACCOUNT_DISABLED");
    assertThat(signIn.login("frank", "wrong password entirely", ClientContext.UNKNOWN, "app"))
        .isEqualTo(new LoginResult.InvalidCredentials());
  }

  @Test
  void login_withOldParameters_upgradesTheHash() {
    PasswordHasher old = new PasswordHasher(new PasswordHasher.Params(32, 1, 1), 2, 8);
    User u =
        new User(
            UserId.random(new SecureRandom()),
            Username.parse("gina").accepted().orElseThrow(),
            Optional.empty(),
            Set.of(),
            old.hash(GOOD),
            clock.instant(),
            Optional.empty());
    users.insert(u);
    assertThat(signIn.login("gina", GOOD, ClientContext.UNKNOWN, "app"))
        .isInstanceOf(LoginResult.SignedIn.class);
    assertThat(hasher.needsRehash(users.find(u.id()).orElseThrow().passwordHash())).isFalse();
  }

  @Test
  void totp_enrolConfirmThenSignIn_isAal2_codesNeverReplay_recoveryCodeOnce() {
    User user = created("hana");
    MfaService.Offer offer =
        ((MfaService.Enrolling.Offered) mfa.enrol(reauthenticated(user))).offer();
    assertThat(offer.otpauthUri()).startsWith("otpauth://totp/Vigil:hana?secret=" + offer.secret());
    byte[] seed = Base32.decode(offer.secret());
    String first = Totp.code(seed, Totp.step(clock.instant()));
    List<String> recovery =
        ((MfaService.Confirming.Confirmed) mfa.confirm(user.id(), first)).recoveryCodes();
    assertThat(recovery).hasSize(10).doesNotHaveDuplicates();

    String challenge = ((LoginResult.MfaRequired) login("hana")).challenge();
    assertThat(mfa.complete(challenge, first, ClientContext.UNKNOWN, "app"))
        .as("the confirmation code cannot be used again")
        .isEqualTo(new LoginResult.MfaInvalid());
    clock.advance(Duration.ofSeconds(30));
    String next = Totp.code(seed, Totp.step(clock.instant()));
    LoginResult in = mfa.complete(challenge, next, ClientContext.UNKNOWN, "app");
    assertThat(in)
        .isInstanceOfSatisfying(
            LoginResult.SignedIn.class,
            s -> {
              assertThat(s.issued().session().auth().aal()).isEqualTo(2);
              assertThat(s.issued().session().auth().methods()).containsExactly("pwd", "otp");
            });
    assertThat(mfa.complete(challenge, next, ClientContext.UNKNOWN, "app"))
        .as("a challenge is single-use")
        .isEqualTo(new LoginResult.MfaInvalid());
    String again = ((LoginResult.MfaRequired) login("hana")).challenge();
    assertThat(mfa.complete(again, next, ClientContext.UNKNOWN, "app"))
        .isEqualTo(new LoginResult.MfaInvalid());
    assertThat(mfa.complete(again, recovery.get(3).toUpperCase(), ClientContext.UNKNOWN, "app"))
        .isInstanceOf(LoginResult.SignedIn.class);
    String third = ((LoginResult.MfaRequired) login("hana")).challenge();
    assertThat(mfa.complete(third, recovery.get(3), ClientContext.UNKNOWN, "app"))
        .isEqualTo(new LoginResult.MfaInvalid());
  }

  @Test
  void totp_challengeExpiresAfterFiveMinutes() {
    User user = created("ivan");
    byte[] seed =
        Base32.decode(
            ((MfaService.Enrolling.Offered) mfa.enrol(reauthenticated(user))).offer().secret());
    mfa.confirm(user.id(), Totp.code(seed, Totp.step(clock.instant())));
    String challenge = ((LoginResult.MfaRequired) login("ivan")).challenge();
    clock.advance(MfaService.CHALLENGE_TTL);
    assertThat(
            mfa.complete(
                challenge,
                Totp.code(seed, Totp.step(clock.instant())),
                ClientContext.UNKNOWN,
                "app"))
        .isEqualTo(new LoginResult.MfaInvalid());
  }

  @Test
  void stepUp_passwordAndCode_bothChecked_andAKnownPasswordNeverClearsTheCount() {
    User user = created("jo");
    byte[] seed =
        Base32.decode(
            ((MfaService.Enrolling.Offered) mfa.enrol(reauthenticated(user))).offer().secret());
    mfa.confirm(user.id(), Totp.code(seed, Totp.step(clock.instant())));
    clock.advance(Duration.ofSeconds(30));
    String challenge = ((LoginResult.MfaRequired) login("jo")).challenge();
    String token =
        ((LoginResult.SignedIn)
                mfa.complete(
                    challenge,
                    Totp.code(seed, Totp.step(clock.instant())),
                    ClientContext.UNKNOWN,
                    "app"))
            .issued()
            .token();
    clock.advance(Duration.ofSeconds(30));
    String code = Totp.code(seed, Totp.step(clock.instant()));
    assertThat(
            signIn.stepUp(
                token, Optional.of("wrong"), Optional.of(code), ClientContext.UNKNOWN, "t"))
        .as("a right code with a wrong password")
        .isEqualTo(new SignIn.StepUp.Failed(new LoginResult.InvalidCredentials()));
    String wrongCode = Totp.code(seed, Totp.step(clock.instant()) + 1000);
    SignIn.StepUp last = null;
    for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
      last =
          signIn.stepUp(
              token, Optional.of(GOOD), Optional.of(wrongCode), ClientContext.UNKNOWN, "t");
    }
    assertThat(last)
        .as("the right password did not clear the count of wrong codes")
        .isInstanceOfSatisfying(
            SignIn.StepUp.Failed.class,
            f -> assertThat(f.result()).isInstanceOf(LoginResult.Throttled.class));
    clock.advance(LoginThrottle.MAX_DELAY);
    String now = Totp.code(seed, Totp.step(clock.instant()));
    assertThat(
            signIn.stepUp(token, Optional.of(GOOD), Optional.of(now), ClientContext.UNKNOWN, "t"))
        .isInstanceOfSatisfying(
            SignIn.StepUp.Done.class,
            d -> {
              assertThat(d.issued().session().auth().aal()).isEqualTo(2);
              assertThat(d.issued().session().auth().methods()).containsExactly("pwd", "otp");
              assertThat(d.issued().session().auth().time()).isEqualTo(clock.instant());
            });
  }

  private Reauthenticated reauthenticated(User user) {
    return ((Reauthentication.Outcome.Confirmed)
            all.reauthentication().withPassword(user.id(), GOOD, ClientContext.UNKNOWN))
        .proof();
  }

  private LoginResult login(String name) {
    return signIn.login(name, GOOD, ClientContext.UNKNOWN, "app");
  }

  private User created(String name) {
    var r =
        accounts.create(name, GOOD, Optional.of(name + "@example.com"), Set.of("editor"), "test");
    return ((AccountService.Creation.Created) r).user();
  }
}
