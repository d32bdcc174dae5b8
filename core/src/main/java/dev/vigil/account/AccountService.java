package dev.vigil.account;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.id.UserId;
import dev.vigil.session.Requirements;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.SessionService;
import dev.vigil.session.Verdict;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Accounts: create, look up, disable, delete, change roles and change the password. The subject of
 * a user's sessions is the user id. Sign-in is {@link SignIn}, resets are {@link PasswordResets}.
 * Every change writes only its own columns ({@link UserStore}), so changes made at once never undo
 * each other. Thread-safe.
 */
public final class AccountService {
  private final UserStore users;
  private final SessionService sessions;
  private final Passwords passwords;
  private final MfaService mfa;
  private final Reauthentication reauthentication;
  private final AccountJournal journal;
  private final AccountSessions accountSessions;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** The collaborators of account changes. */
  public record Parts(
      UserStore users,
      SessionService sessions,
      Passwords passwords,
      MfaService mfa,
      Reauthentication reauthentication) {}

  public AccountService(Parts parts, AuditLog audit, Clock clock) {
    this.users = parts.users();
    this.sessions = parts.sessions();
    this.passwords = parts.passwords();
    this.mfa = parts.mfa();
    this.reauthentication = parts.reauthentication();
    this.journal = new AccountJournal(audit, clock);
    this.accountSessions = new AccountSessions(users, sessions);
    this.clock = clock;
  }

  /** The outcome of creating a user. */
  public sealed interface Creation {
    record Created(User user) implements Creation {}

    /** Refused: {@code field} names the input, {@code reason} is the contract's code. */
    record Refused(String field, String reason, String why) implements Creation {}
  }

  /**
   * Creates a user with a password that passes the policy. The username's key is unique in the
   * store ({@link UserStore#insert}): of many creations at once with one name, one succeeds.
   */
  public Creation create(
      String typedUsername, String password, Optional<String> email, Set<String> roles, String by) {
    Username username;
    switch (Username.parse(typedUsername)) {
      case Username.Result.Refused r -> {
        return new Creation.Refused("username", "INVALID_USERNAME", r.why());
      }
      case Username.Result.Ok ok -> username = ok.username();
    }
    Optional<String> weak = passwords.weakness(password, false, username, email);
    if (weak.isPresent()) {
      return new Creation.Refused("password", "PASSWORD_POLICY", weak.get());
    }
    if (users.findByUsername(username.key()).isPresent()) {
      return taken();
    }
    User user =
        new User(
            UserId.random(random),
            username,
            email,
            roles,
            passwords.hash(password),
            clock.instant(),
            Optional.empty());
    if (!journal.created(users, user, Map.of("by", by, "username", username.display()))) {
      return taken();
    }
    return new Creation.Created(user);
  }

  private static Creation taken() {
    return new Creation.Refused("username", "USERNAME_TAKEN", "That username is taken.");
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
   * Users whose username starts with what was typed ({@code typed}, compared as a username key:
   * case, width and ligature variants alike), in username order, at most {@code limit}.
   */
  public List<User> search(String typed, int limit) {
    String key =
        java.text.Normalizer.normalize(
            java.text.Normalizer.normalize(typed, java.text.Normalizer.Form.NFKC)
                .strip()
                .toLowerCase(java.util.Locale.ROOT),
            java.text.Normalizer.Form.NFKC);
    return users.search(key, limit);
  }

  /**
   * Disables an account and ends all its sessions (cause {@code ACCOUNT_DISABLED}): the sessions
   * are ended before the account is disabled and once more after ({@link AccountSessions#around}),
   * so a refused write never leaves a disabled account with live sessions.
   *
   * @return the user as it now stands, empty if there is no such user
   */
  public Optional<User> disable(UserId id, String by) {
    var done = disabled(id, by);
    done.account()
        .ifPresent(
            u ->
                record(
                    EventType.USER_DISABLED,
                    u,
                    Map.of("by", by, "sessions_ended", Integer.toString(done.sessions()))));
    return done.account();
  }

  /**
   * Deletes an account: disables it, with its sessions ended before and after (cause {@code
   * ACCOUNT_DISABLED}, as {@link #disable}), then removes it. Disabling before removing is what
   * lets a sign-in running meanwhile see the change (see {@link AccountSessions}).
   *
   * @return whether it existed
   */
  public boolean delete(UserId id, String by) {
    var done = disabled(id, by);
    if (done.account().isEmpty()) {
      return false;
    }
    users.delete(id);
    record(
        EventType.USER_DELETED,
        done.account().get(),
        Map.of("by", by, "sessions_ended", Integer.toString(done.sessions())));
    return true;
  }

  /** Disables the account {@code id}, its sessions ended before and after. */
  private AccountSessions.Changed<User> disabled(UserId id, String by) {
    return accountSessions.around(
        endAll(id, RevocationCause.ACCOUNT_DISABLED, by), () -> users.disable(id, clock.instant()));
  }

  /** Ends every session of the user {@code id} with {@code cause}. */
  private java.util.function.IntSupplier endAll(UserId id, RevocationCause cause, String by) {
    return () -> sessions.revokeAll(new Subject(id.value()), Optional.empty(), cause, by);
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
    // the sessions are changed before the account and again after (AccountSessions.around): a
    // refused write never leaves new roles on the account with sessions the change meant to end,
    // or demote, still holding the old ones
    var done =
        accountSessions.around(
            switch (how) {
              case ROTATE ->
                  () -> sessions.changeRoles(new Subject(id.value()), Set.copyOf(roles), by);
              case REVOKE -> endAll(id, RevocationCause.PRIVILEGE_CHANGED, by);
            },
            () -> users.setRoles(id, roles));
    Optional<User> changed = done.account();
    int affected = done.sessions();
    if (changed.isEmpty()) {
      return changed;
    }
    User next = changed.get();
    record(
        EventType.USER_ROLES_CHANGED,
        next,
        Map.of(
            "by",
            by,
            "roles",
            String.join(",", next.roles()),
            "sessions",
            how.name().toLowerCase(Locale.ROOT) + "d:" + affected));
    return Optional.of(next);
  }

  /**
   * Changes a user's password. The current password is always required (ASVS 5.0 6.2.3), checked
   * and throttled like a sign-in. A {@code token} may be given as well, never instead: it must be a
   * valid session of the user, and that session stays while every other one is revoked with cause
   * {@code PASSWORD_CHANGED}.
   *
   * @throws PasswordHasher.Overloaded when too many hashes are already running and waiting
   */
  public PasswordChange changePassword(
      UserId id,
      String current,
      Optional<String> token,
      String newPassword,
      ClientContext client,
      String by) {
    Optional<User> found = users.find(id);
    if (found.isEmpty()) {
      return new PasswordChange.NoSuchUser();
    }
    User u = found.get();
    Optional<SessionId> keep = Optional.empty();
    if (token.isPresent()) {
      Verdict v = sessions.verify(token.get(), client, Requirements.NONE);
      if (!(v instanceof Verdict.Valid ok) || !ok.session().subject().equals(u.subject())) {
        return new PasswordChange.Refused(
            "token", "INVALID_TOKEN", "The token is not a valid session of this user.");
      }
      keep = Optional.of(ok.session().id());
    }
    switch (reauthentication.withPassword(id, current, client)) {
      case Reauthentication.Outcome.Confirmed c -> {}
      case Reauthentication.Outcome.Failed f -> {
        return new PasswordChange.Failed(f.result());
      }
      case Reauthentication.Outcome.NotFresh n -> {
        return new PasswordChange.Failed(new LoginResult.InvalidCredentials());
      }
      case Reauthentication.Outcome.NoSuchUser n -> {
        return new PasswordChange.NoSuchUser();
      }
    }
    Optional<String> weak =
        passwords.weakness(newPassword, mfa.enrolled(id), u.username(), u.email());
    if (weak.isPresent()) {
      return new PasswordChange.Refused("new_password", "PASSWORD_POLICY", weak.get());
    }
    int ended =
        accountSessions
            .replacePassword(u, passwords.hash(newPassword), keep, () -> true, by)
            .sessions();
    record(
        EventType.PASSWORD_CHANGED, u, Map.of("by", by, "sessions_ended", Integer.toString(ended)));
    return new PasswordChange.Changed(ended);
  }

  /** Whether {@code subject} may have a session: not the id of a disabled or missing account. */
  public boolean maySignIn(dev.vigil.id.Subject subject) {
    Optional<UserId> id = UserId.parse(subject.value());
    return id.isEmpty() || users.find(id.get()).map(User::enabled).orElse(false);
  }

  private void record(EventType type, User user, Map<String, String> detail) {
    journal.record(type, Optional.of(user.id()), Optional.empty(), ClientContext.UNKNOWN, detail);
  }
}
