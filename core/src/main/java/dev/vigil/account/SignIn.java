package dev.vigil.account;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.id.UserId;
import dev.vigil.session.Authentication;
import dev.vigil.session.IssuedToken;
import dev.vigil.session.NewSession;
import dev.vigil.session.Reason;
import dev.vigil.session.Requirements;
import dev.vigil.session.Session;
import dev.vigil.session.SessionService;
import dev.vigil.session.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-in with a password, and step-up (re-authentication of a live session). Every attempt is
 * admitted by the per-account {@link LoginThrottle} before its password or code is checked, and
 * counted as a failure until it succeeds, for unknown usernames exactly as for known ones. An
 * unknown username costs a full Argon2id verification against a dummy hash, and a disabled account
 * fails like a wrong password, so neither the answer, its timing nor the throttling tells whether
 * an account exists or why it failed; the event records the true reason. Thread-safe.
 */
public final class SignIn {
  private final UserStore users;
  private final SessionService sessions;
  private final Passwords passwords;
  private final MfaService mfa;
  private final LoginThrottle throttle;
  private final PasswordResets resets;
  private final AccountJournal journal;
  private final AccountSessions opener;
  private final Clock clock;

  /** The collaborators of sign-in. */
  public record Parts(
      UserStore users,
      SessionService sessions,
      Passwords passwords,
      MfaService mfa,
      LoginThrottle throttle,
      PasswordResets resets) {}

  public SignIn(Parts parts, AuditLog audit, Clock clock) {
    this.users = parts.users();
    this.sessions = parts.sessions();
    this.passwords = parts.passwords();
    this.mfa = parts.mfa();
    this.throttle = parts.throttle();
    this.resets = parts.resets();
    this.journal = new AccountJournal(audit, clock);
    this.opener = new AccountSessions(parts.users(), parts.sessions());
    this.clock = clock;
  }

  /**
   * Signs a user in with a password and opens a new session for them.
   *
   * @throws PasswordHasher.Overloaded when too many hashes are already running and waiting
   */
  public LoginResult login(String typedUsername, String password, ClientContext client, String by) {
    Instant now = clock.instant();
    Optional<Username> username = Username.parse(typedUsername).accepted();
    String key = username.map(Username::key).orElseGet(() -> unusable(typedUsername));
    Optional<User> user = username.flatMap(u -> users.findByUsername(u.key()));
    int counted;
    switch (throttle.admit(key, now)) {
      case LoginThrottle.Admission.Refused r -> {
        journal.failed(EventType.LOGIN_FAILED, user, key, "THROTTLED", 0, client);
        return new LoginResult.Throttled(r.retryAfter());
      }
      case LoginThrottle.Admission.Admitted a -> counted = a.failures();
    }
    if (!passwords.matches(password, user)) {
      journal.failed(EventType.LOGIN_FAILED, user, key, "INVALID_CREDENTIALS", counted, client);
      return new LoginResult.InvalidCredentials();
    }
    User u = user.get();
    if (!u.enabled()) {
      journal.failed(EventType.LOGIN_FAILED, user, key, "ACCOUNT_DISABLED", counted, client);
      return new LoginResult.InvalidCredentials();
    }
    String inForce = upgradeHash(u, password);
    if (mfa.enrolled(u.id())) {
      // The attempt stays counted until the second factor succeeds too, so a known password
      // cannot be used to clear the throttle between guesses at the code.
      return new LoginResult.MfaRequired(mfa.challenge(u.id(), inForce));
    }
    if (passwords.tooShortAlone(password)) {
      throttle.succeeded(key);
      ResetToken t =
          resets.issue(u.id(), PasswordResets.SIGN_IN_TTL, "password_too_short", by).orElseThrow();
      journal.record(
          EventType.LOGIN_FAILED,
          Optional.of(u.id()),
          Optional.of("PASSWORD_CHANGE_REQUIRED"),
          client,
          Map.of("username", key));
      return new LoginResult.PasswordChangeRequired(t.token(), t.expiresAt());
    }
    Optional<IssuedToken> opened =
        opener.open(
            u,
            inForce,
            new NewSession(
                u.subject(),
                u.roles(),
                Optional.of(new Authentication(List.of("pwd"), now, 1)),
                client,
                Optional.empty(),
                Optional.empty(),
                false),
            by);
    if (opened.isEmpty()) {
      journal.failed(EventType.LOGIN_FAILED, user, key, "ACCOUNT_CHANGED", counted, client);
      return new LoginResult.InvalidCredentials();
    }
    IssuedToken issued = opened.get();
    // the count is cleared only now, with the event in the same write: an attempt whose session
    // could not be kept stays counted, as the failure it is
    journal.succeeded(
        throttle,
        key,
        EventType.LOGIN_SUCCEEDED,
        u.id(),
        client,
        Map.of("session_id", issued.session().id().value(), "methods", "pwd"));
    return new LoginResult.SignedIn(issued);
  }

  /** The outcome of a step-up. */
  public sealed interface StepUp {
    /** Re-authenticated: a new token, fresh {@code auth_time}, both timeouts restarted. */
    record Done(IssuedToken issued) implements StepUp {}

    /** The token itself is not valid. */
    record TokenRefused(Verdict.Invalid verdict) implements StepUp {}

    /** The password or code was wrong, or the session does not belong to an account. */
    record Failed(LoginResult result) implements StepUp {}

    /** The session kept changing while this ran (see {@code SessionService.Rotation}). */
    record Contended() implements StepUp {}
  }

  /**
   * Re-authenticates the user of a live session with their password, a second-factor code, or both,
   * refreshes {@code auth_time} (a code also raises the level to AAL 2), restarts both timeouts and
   * rotates the token (NIST SP 800-63B-4 section 5.2). Throttled and counted like a sign-in. When
   * both are given (the web pages' step-up of an account with TOTP), the password is checked first
   * and the attempt stays counted until the code is right too, as in {@link #login}: a known
   * password cannot clear the throttle between guesses at the code.
   *
   * @throws PasswordHasher.Overloaded when too many hashes are already running and waiting
   */
  public StepUp stepUp(
      String token,
      Optional<String> password,
      Optional<String> code,
      ClientContext client,
      String by) {
    Session s;
    String current;
    switch (sessions.verify(token, client, Requirements.NONE)) {
      case Verdict.Valid ok -> {
        s = ok.session();
        current = ok.renewedToken().orElse(token);
      }
      case Verdict.Invalid bad when bad.reason() == Reason.STEP_UP_REQUIRED -> {
        // refused only until the person steps up (a new client, or a mark on the subject):
        // stepping up is the way out, so it must be let in
        Optional<Session> found = bad.sessionId().flatMap(sessions::find);
        if (found.isEmpty()) {
          return new StepUp.TokenRefused(bad);
        }
        s = found.get();
        current = token;
      }
      case Verdict.Invalid bad -> {
        return new StepUp.TokenRefused(bad);
      }
    }
    Instant now = clock.instant();
    Optional<User> user = UserId.parse(s.subject().value()).flatMap(users::find);
    if (user.isEmpty() || !user.get().enabled()) {
      return new StepUp.Failed(new LoginResult.InvalidCredentials());
    }
    User u = user.get();
    String key = u.username().key();
    int counted;
    switch (throttle.admit(key, now)) {
      case LoginThrottle.Admission.Refused r -> {
        journal.failed(EventType.LOGIN_FAILED, user, key, "THROTTLED", 0, client);
        return new StepUp.Failed(new LoginResult.Throttled(r.retryAfter()));
      }
      case LoginThrottle.Admission.Admitted a -> counted = a.failures();
    }
    if (password.isEmpty() && code.isEmpty()
        || password.isPresent() && !passwords.matches(password.get(), user)) {
      journal.failed(EventType.LOGIN_FAILED, user, key, "INVALID_CREDENTIALS", counted, client);
      return new StepUp.Failed(new LoginResult.InvalidCredentials());
    }
    Authentication auth;
    if (code.isPresent()) {
      Optional<String> method = mfa.check(u.id(), code.get().strip(), now, client);
      if (method.isEmpty()) {
        journal.failed(EventType.MFA_FAILED, user, key, "MFA_INVALID", counted, client);
        return new StepUp.Failed(new LoginResult.MfaInvalid());
      }
      LinkedHashSet<String> methods = new LinkedHashSet<>(s.auth().methods());
      password.ifPresent(p -> methods.add("pwd"));
      methods.add(method.get());
      auth = new Authentication(List.copyOf(methods), now, Math.max(2, s.auth().aal()));
    } else {
      auth = new Authentication(s.auth().methods(), now, s.auth().aal());
    }
    throttle.succeeded(key);
    return switch (sessions.reauthenticate(current, auth, client, by)) {
      case SessionService.Rotation.Rotated r -> {
        journal.record(
            EventType.STEP_UP,
            Optional.of(u.id()),
            Optional.empty(),
            client,
            Map.of("session_id", s.id().value(), "aal", Integer.toString(auth.aal())));
        yield new StepUp.Done(r.issued());
      }
      case SessionService.Rotation.Refused r -> new StepUp.TokenRefused(r.verdict());
      case SessionService.Rotation.Contended c -> new StepUp.Contended();
    };
  }

  /** Records a sign-in refused by the edge's per-address limit before any password was checked. */
  public void addressThrottled(String typedUsername, ClientContext client) {
    String key =
        Username.parse(typedUsername)
            .accepted()
            .map(Username::key)
            .orElseGet(() -> unusable(typedUsername));
    journal.record(
        EventType.LOGIN_FAILED,
        Optional.empty(),
        Optional.of("THROTTLED"),
        client,
        Map.of("username", key, "limit", "address"));
  }

  /**
   * The throttle key and logged name of a typed username that cannot be anyone's: a digest, never
   * the text (people type passwords into the username field).
   */
  static String unusable(String typedUsername) {
    return "unusable:" + AccountJournal.sha256Hex(typedUsername).substring(0, 16);
  }

  /** Re-hashes with the current parameters if due; the hash in force for this sign-in. */
  private String upgradeHash(User u, String password) {
    if (passwords.needsRehash(u.passwordHash())) {
      // only if the hash is still the one checked: never undo a password change made meanwhile
      String next = passwords.hash(password);
      if (users.replacePasswordHash(u.id(), u.passwordHash(), next)) {
        return next;
      }
    }
    return u.passwordHash();
  }
}
