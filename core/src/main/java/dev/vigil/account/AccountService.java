package dev.vigil.account;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.EventType;
import dev.vigil.id.UserId;
import dev.vigil.session.Authentication;
import dev.vigil.session.ClientContext;
import dev.vigil.session.IssuedToken;
import dev.vigil.session.NewSession;
import dev.vigil.session.Requirements;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.Session;
import dev.vigil.session.SessionService;
import dev.vigil.session.Subject;
import dev.vigil.session.Verdict;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Accounts and sign-in. The subject of a user's sessions is the user id. Sign-in of an unknown
 * username costs a full Argon2id verification against a dummy hash and is throttled like a known
 * one, so neither the answer, its timing nor the throttling tells whether the account exists.
 * Thread-safe.
 */
public final class AccountService {
  private static final int UNKNOWN_TRACKED = 10_000;

  private final UserStore users;
  private final SessionService sessions;
  private final AccountJournal journal;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final PasswordStrength strength;
  private final MfaService mfa;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final String dummyHash;
  private final Map<String, int[]> unknownFailures =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
          return size() > UNKNOWN_TRACKED;
        }
      };
  private final Map<String, Instant> unknownLast = new java.util.HashMap<>();

  public AccountService(
      UserStore users,
      SessionService sessions,
      AuditLog audit,
      PasswordHasher hasher,
      PasswordPolicy policy,
      PasswordStrength strength,
      MfaService mfa,
      Clock clock) {
    this.users = users;
    this.sessions = sessions;
    this.journal = new AccountJournal(audit, clock);
    this.hasher = hasher;
    this.policy = policy;
    this.strength = strength;
    this.mfa = mfa;
    this.clock = clock;
    this.dummyHash = hasher.hash("vigil-dummy-" + random.nextLong());
  }

  /** The outcome of creating a user. */
  public sealed interface Creation {
    record Created(User user) implements Creation {}

    /** Refused: {@code field} names the input, {@code reason} is the contract's code. */
    record Refused(String field, String reason, String why) implements Creation {}
  }

  /** Creates a user with a password that passes the policy. */
  public Creation create(
      String typedUsername, String password, Optional<String> email, Set<String> roles, String by) {
    Username username;
    switch (Username.parse(typedUsername)) {
      case Username.Result.Refused r -> {
        return new Creation.Refused("username", "INVALID_USERNAME", r.why());
      }
      case Username.Result.Ok ok -> username = ok.username();
    }
    Optional<String> weak = policy.check(password, false, context(username, email), strength);
    if (weak.isPresent()) {
      return new Creation.Refused("password", "PASSWORD_POLICY", weak.get());
    }
    if (users.findByUsername(username.key()).isPresent()) {
      return new Creation.Refused("username", "USERNAME_TAKEN", "That username is taken.");
    }
    Instant now = clock.instant();
    User user =
        new User(
            UserId.random(random),
            username,
            email,
            roles,
            hasher.hash(password),
            now,
            Optional.empty(),
            0,
            Optional.empty());
    if (!users.insert(user)) {
      return new Creation.Refused("username", "USERNAME_TAKEN", "That username is taken.");
    }
    record(
        EventType.USER_CREATED,
        Optional.of(user),
        Optional.empty(),
        ClientContext.UNKNOWN,
        Map.of("by", by, "username", username.display()));
    return new Creation.Created(user);
  }

  /** The user with this id. */
  public Optional<User> find(UserId id) {
    return users.find(id);
  }

  /** Users in username order, at most {@code limit}. */
  public List<User> list(int limit) {
    return users.list(limit);
  }

  /**
   * Disables an account and ends all its sessions (cause {@code ACCOUNT_DISABLED}).
   *
   * @return the user as it now stands, empty if there is no such user
   */
  public Optional<User> disable(UserId id, String by) {
    Optional<User> found = users.find(id);
    if (found.isEmpty()) {
      return found;
    }
    User user = found.get().enabled() ? found.get().disabled(clock.instant()) : found.get();
    users.update(user);
    int ended =
        sessions.revokeAll(
            new Subject(id.value()), Optional.empty(), RevocationCause.ACCOUNT_DISABLED, by);
    record(
        EventType.USER_DISABLED,
        Optional.of(user),
        Optional.empty(),
        ClientContext.UNKNOWN,
        Map.of("by", by, "sessions_ended", Integer.toString(ended)));
    return Optional.of(user);
  }

  /**
   * Deletes an account after ending all its sessions (cause {@code ACCOUNT_DISABLED}).
   *
   * @return whether it existed
   */
  public boolean delete(UserId id, String by) {
    Optional<User> found = users.find(id);
    if (found.isEmpty()) {
      return false;
    }
    int ended =
        sessions.revokeAll(
            new Subject(id.value()), Optional.empty(), RevocationCause.ACCOUNT_DISABLED, by);
    users.delete(id);
    record(
        EventType.USER_DELETED,
        found,
        Optional.empty(),
        ClientContext.UNKNOWN,
        Map.of("by", by, "sessions_ended", Integer.toString(ended)));
    return true;
  }

  /**
   * Signs a user in with a password and opens a new session for them.
   *
   * @throws PasswordHasher.Overloaded when too many hashes are already running and waiting
   */
  public LoginResult login(String typedUsername, String password, ClientContext client, String by) {
    Instant now = clock.instant();
    Optional<Username> username = Username.parse(typedUsername).accepted();
    String key = username.map(Username::key).orElse(typedUsername);
    Optional<User> user = username.flatMap(u -> users.findByUsername(u.key()));
    Optional<Duration> wait =
        user.isPresent()
            ? LoginThrottle.wait(user.get().failedLogins(), user.get().lastFailureAt(), now)
            : unknownWait(key, now);
    if (wait.isPresent()) {
      failed(user, key, client, "THROTTLED", now);
      return new LoginResult.Throttled(wait.get());
    }
    boolean ok =
        password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                <= PasswordPolicy.MAX_BYTES
            && hasher.verify(password, user.map(User::passwordHash).orElse(dummyHash))
            && user.isPresent();
    if (!ok) {
      user.ifPresentOrElse(u -> users.update(u.failedAt(now)), () -> unknownFailed(key, now));
      failed(user, key, client, "INVALID_CREDENTIALS", now);
      return new LoginResult.InvalidCredentials();
    }
    User u = user.get();
    if (!u.enabled()) {
      failed(user, key, client, "ACCOUNT_DISABLED", now);
      return new LoginResult.Disabled();
    }
    if (mfa.enrolled(u.id())) {
      // The failure count is reset only when the second factor succeeds too, so a known password
      // cannot be used to clear the throttle between guesses at the code.
      if (hasher.needsRehash(u.passwordHash())) {
        users.update(
            new User(
                u.id(),
                u.username(),
                u.email(),
                u.roles(),
                hasher.hash(password),
                u.createdAt(),
                u.disabledAt(),
                u.failedLogins(),
                u.lastFailureAt()));
      }
      return new LoginResult.MfaRequired(mfa.challenge(u.id()));
    }
    users.update(
        u.signedIn(
            hasher.needsRehash(u.passwordHash()) ? hasher.hash(password) : u.passwordHash()));
    IssuedToken issued =
        sessions.create(
            new NewSession(
                new Subject(u.id().value()),
                u.roles(),
                Optional.of(new Authentication(List.of("pwd"), now, 1)),
                client,
                Optional.empty(),
                Optional.empty(),
                false),
            by);
    record(
        EventType.LOGIN_SUCCEEDED,
        user,
        Optional.empty(),
        client,
        Map.of("session_id", issued.session().id().value(), "methods", "pwd"));
    return new LoginResult.SignedIn(issued);
  }

  /** The outcome of a step-up. */
  public sealed interface StepUp {
    /** Re-authenticated: a new token with a fresh {@code auth_time}; the old one is superseded. */
    record Done(IssuedToken issued) implements StepUp {}

    /** The token itself is not valid. */
    record TokenRefused(Verdict.Invalid verdict) implements StepUp {}

    /** The password or code was wrong, or the session does not belong to an account. */
    record Failed(LoginResult result) implements StepUp {}
  }

  /**
   * Re-authenticates the user of a live session with their password or a second-factor code,
   * refreshes {@code auth_time} (a code also raises the level to AAL 2) and rotates the token.
   * Failures count against the account like failed sign-ins.
   *
   * @throws PasswordHasher.Overloaded when too many hashes are already running and waiting
   */
  public StepUp stepUp(
      String token,
      Optional<String> password,
      Optional<String> code,
      ClientContext client,
      String by) {
    Verdict v = sessions.verify(token, client, Requirements.NONE);
    if (v instanceof Verdict.Invalid bad) {
      return new StepUp.TokenRefused(bad);
    }
    Session s = ((Verdict.Valid) v).session();
    String current = ((Verdict.Valid) v).renewedToken().orElse(token);
    Instant now = clock.instant();
    Optional<User> user = UserId.parse(s.subject().value()).flatMap(users::find);
    if (user.isEmpty()) {
      return new StepUp.Failed(new LoginResult.InvalidCredentials());
    }
    User u = user.get();
    Optional<Duration> wait = LoginThrottle.wait(u.failedLogins(), u.lastFailureAt(), now);
    if (wait.isPresent()) {
      failed(user, u.username().key(), client, "THROTTLED", now);
      return new StepUp.Failed(new LoginResult.Throttled(wait.get()));
    }
    Authentication auth;
    if (code.isPresent()) {
      Optional<String> method = mfa.check(u.id(), code.get().strip(), now);
      if (method.isEmpty()) {
        users.update(u.failedAt(now));
        failed(user, u.username().key(), client, "MFA_INVALID", now);
        return new StepUp.Failed(new LoginResult.MfaInvalid());
      }
      java.util.LinkedHashSet<String> methods = new java.util.LinkedHashSet<>(s.auth().methods());
      methods.add(method.get());
      auth = new Authentication(List.copyOf(methods), now, Math.max(2, s.auth().aal()));
    } else {
      boolean ok = password.isPresent() && hasher.verify(password.get(), u.passwordHash());
      if (!ok) {
        users.update(u.failedAt(now));
        failed(user, u.username().key(), client, "INVALID_CREDENTIALS", now);
        return new StepUp.Failed(new LoginResult.InvalidCredentials());
      }
      auth = new Authentication(s.auth().methods(), now, s.auth().aal());
    }
    users.update(u.signedIn(u.passwordHash()));
    return switch (sessions.rotate(current, Optional.empty(), Optional.of(auth), by)) {
      case SessionService.Rotation.Rotated r -> {
        record(
            EventType.STEP_UP,
            user,
            Optional.empty(),
            client,
            Map.of("session_id", s.id().value(), "aal", Integer.toString(auth.aal())));
        yield new StepUp.Done(r.issued());
      }
      case SessionService.Rotation.Refused r -> new StepUp.TokenRefused(r.verdict());
    };
  }

  /** What a change of a user's roles does to the sessions they have open. */
  public enum RoleChange {
    /** The sessions take the new roles at once and rotate their tokens at their next use. */
    ROTATE,
    /** The sessions are revoked with cause {@code PRIVILEGE_CHANGED}; the user signs in again. */
    REVOKE
  }

  /**
   * Gives a user new roles, which also apply to the sessions they have open ({@code how}).
   *
   * @return the user as it now stands, empty if there is no such user
   */
  public Optional<User> setRoles(UserId id, Set<String> roles, RoleChange how, String by) {
    Optional<User> found = users.find(id);
    if (found.isEmpty()) {
      return found;
    }
    User u = found.get();
    User next =
        new User(
            u.id(),
            u.username(),
            u.email(),
            roles,
            u.passwordHash(),
            u.createdAt(),
            u.disabledAt(),
            u.failedLogins(),
            u.lastFailureAt());
    users.update(next);
    Subject subject = new Subject(id.value());
    int affected =
        switch (how) {
          case ROTATE -> sessions.changeRoles(subject, next.roles(), by);
          case REVOKE ->
              sessions.revokeAll(subject, Optional.empty(), RevocationCause.PRIVILEGE_CHANGED, by);
        };
    record(
        EventType.USER_ROLES_CHANGED,
        Optional.of(next),
        Optional.empty(),
        ClientContext.UNKNOWN,
        Map.of(
            "by",
            by,
            "roles",
            String.join(",", next.roles()),
            "sessions",
            how.name().toLowerCase(java.util.Locale.ROOT) + "d:" + affected));
    return Optional.of(next);
  }

  /** How long an operator's reset token can be redeemed. */
  public static final Duration RESET_TTL = Duration.ofHours(24);

  /** A reset token as issued: shown once, stored only as a hash. */
  public record ResetToken(String token, Instant expiresAt) {
    @Override
    public String toString() {
      return "ResetToken[redacted, expires " + expiresAt + "]";
    }
  }

  /**
   * Issues a one-time reset token for a user (an operator's reset; any earlier token of the user
   * stops working). The user redeems it with {@link #redeemReset}.
   */
  public Optional<ResetToken> issueReset(UserId id, String by) {
    if (users.find(id).isEmpty()) {
      return Optional.empty();
    }
    byte[] b = new byte[32];
    random.nextBytes(b);
    String token = "vr1_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    Instant expires = clock.instant().plus(RESET_TTL);
    users.addResetToken(AccountJournal.sha256Hex(token), id, expires);
    record(
        EventType.PASSWORD_RESET_ISSUED,
        users.find(id),
        Optional.empty(),
        ClientContext.UNKNOWN,
        Map.of("by", by, "expires_at", expires.toString()));
    return Optional.of(new ResetToken(token, expires));
  }

  /**
   * Sets a new password with a reset token: every session of the user ends ({@code
   * PASSWORD_CHANGED}) and the failure count, hard stop included, is cleared. TOTP stays on: a
   * reset does not bypass the second factor.
   */
  public PasswordChange redeemReset(String token, String newPassword, String by) {
    Instant now = clock.instant();
    Optional<User> user =
        users.takeResetToken(AccountJournal.sha256Hex(token), now).flatMap(users::find);
    if (user.isEmpty()) {
      return new PasswordChange.Refused(
          "reset_token",
          "INVALID_RESET_TOKEN",
          "This reset link is not valid: it was already used, replaced or has expired.");
    }
    User u = user.get();
    Optional<String> weak =
        policy.check(newPassword, mfa.enrolled(u.id()), context(u.username(), u.email()), strength);
    if (weak.isPresent()) {
      users.addResetToken(
          AccountJournal.sha256Hex(token), u.id(), now.plus(Duration.ofMinutes(15)));
      return new PasswordChange.Refused("new_password", "PASSWORD_POLICY", weak.get());
    }
    users.update(u.signedIn(hasher.hash(newPassword)));
    int ended =
        sessions.revokeAll(
            new Subject(u.id().value()), Optional.empty(), RevocationCause.PASSWORD_CHANGED, by);
    record(
        EventType.PASSWORD_CHANGED,
        user,
        Optional.empty(),
        ClientContext.UNKNOWN,
        Map.of("by", by, "via", "reset", "sessions_ended", Integer.toString(ended)));
    return new PasswordChange.Changed(ended);
  }

  /** How recent an authentication must be to change a password without the current one. */
  public static final Duration FRESH_AUTH = Duration.ofMinutes(5);

  /** The outcome of a password change. */
  public sealed interface PasswordChange {
    /** Changed; {@code sessionsEnded} other sessions were revoked with PASSWORD_CHANGED. */
    record Changed(int sessionsEnded) implements PasswordChange {}

    /** Refused: {@code field} names the input, {@code reason} is the contract's code. */
    record Refused(String field, String reason, String why) implements PasswordChange {}

    /** The current password was wrong, or the account is throttled. */
    record Failed(LoginResult result) implements PasswordChange {}

    record NoSuchUser() implements PasswordChange {}
  }

  /**
   * Changes a user's password. Proof is the current password, or the token of one of the user's
   * sessions authenticated within {@link #FRESH_AUTH} (a fresh step-up). Every other session of the
   * user is revoked with cause {@code PASSWORD_CHANGED}; the presenting session stays.
   *
   * @throws PasswordHasher.Overloaded when too many hashes are already running and waiting
   */
  public PasswordChange changePassword(
      UserId id, Optional<String> current, Optional<String> token, String newPassword, String by) {
    Optional<User> found = users.find(id);
    if (found.isEmpty()) {
      return new PasswordChange.NoSuchUser();
    }
    User u = found.get();
    Instant now = clock.instant();
    Optional<dev.vigil.id.SessionId> keep = Optional.empty();
    if (current.isPresent()) {
      Optional<Duration> wait = LoginThrottle.wait(u.failedLogins(), u.lastFailureAt(), now);
      if (wait.isPresent()) {
        return new PasswordChange.Failed(new LoginResult.Throttled(wait.get()));
      }
      if (!hasher.verify(current.get(), u.passwordHash())) {
        users.update(u.failedAt(now));
        failed(found, u.username().key(), ClientContext.UNKNOWN, "INVALID_CREDENTIALS", now);
        return new PasswordChange.Failed(new LoginResult.InvalidCredentials());
      }
    } else if (token.isPresent()) {
      Verdict v =
          sessions.verify(
              token.get(),
              ClientContext.UNKNOWN,
              new Requirements(Set.of(), Optional.of(FRESH_AUTH), java.util.OptionalInt.empty()));
      if (!(v instanceof Verdict.Valid ok) || !ok.session().subject().value().equals(id.value())) {
        return new PasswordChange.Refused(
            "token",
            "STEP_UP_REQUIRED",
            "Confirm it is you first: sign in again or step up within the last "
                + FRESH_AUTH.toMinutes()
                + " minutes.");
      }
      keep = Optional.of(ok.session().id());
    } else {
      return new PasswordChange.Refused(
          "current_password",
          "INVALID_REQUEST",
          "Give the current password, or the token of a session that stepped up within the last "
              + FRESH_AUTH.toMinutes()
              + " minutes.");
    }
    Optional<String> weak =
        policy.check(newPassword, mfa.enrolled(id), context(u.username(), u.email()), strength);
    if (weak.isPresent()) {
      return new PasswordChange.Refused("new_password", "PASSWORD_POLICY", weak.get());
    }
    users.update(u.signedIn(hasher.hash(newPassword)));
    int ended =
        sessions.revokeAll(new Subject(id.value()), keep, RevocationCause.PASSWORD_CHANGED, by);
    record(
        EventType.PASSWORD_CHANGED,
        found,
        Optional.empty(),
        ClientContext.UNKNOWN,
        Map.of("by", by, "sessions_ended", Integer.toString(ended)));
    return new PasswordChange.Changed(ended);
  }

  /** Records a sign-in refused by the edge's per-address limit before any password was checked. */
  public void addressThrottled(String typedUsername, ClientContext client) {
    String key = Username.parse(typedUsername).accepted().map(Username::key).orElse(typedUsername);
    record(
        EventType.LOGIN_FAILED,
        Optional.empty(),
        Optional.of("THROTTLED"),
        client,
        Map.of("username", key, "limit", "address"));
  }

  private void failed(
      Optional<User> user, String key, ClientContext client, String reason, Instant now) {
    record(EventType.LOGIN_FAILED, user, Optional.of(reason), client, Map.of("username", key));
  }

  private synchronized Optional<Duration> unknownWait(String key, Instant now) {
    int[] failures = unknownFailures.get(key);
    return LoginThrottle.wait(
        failures == null ? 0 : failures[0], Optional.ofNullable(unknownLast.get(key)), now);
  }

  private synchronized void unknownFailed(String key, Instant now) {
    unknownFailures.computeIfAbsent(key, k -> new int[1])[0]++;
    unknownLast.put(key, now);
    unknownLast.keySet().retainAll(unknownFailures.keySet());
  }

  private static List<String> context(Username username, Optional<String> email) {
    List<String> words = new ArrayList<>(List.of(username.display(), username.key()));
    email.ifPresent(
        e -> {
          words.add(e);
          words.addAll(List.of(e.split("[@._+-]")));
        });
    return words;
  }

  private void record(
      EventType type,
      Optional<User> user,
      Optional<String> reason,
      ClientContext client,
      Map<String, String> detail) {
    journal.record(type, user.map(User::id), reason, client, detail);
  }
}
