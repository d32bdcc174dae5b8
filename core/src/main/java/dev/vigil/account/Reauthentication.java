package dev.vigil.account;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.id.UserId;
import dev.vigil.session.Requirements;
import dev.vigil.session.SessionService;
import dev.vigil.session.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Re-authentication before a sensitive change of an account (ASVS 5.0 6.2.3, 7.5.1): the password,
 * throttled and counted like a sign-in, or the token of one of the account's sessions authenticated
 * within {@link #FRESH_AUTH}. Thread-safe.
 */
public final class Reauthentication {
  /** How recent a session's authentication must be to count as re-authentication. */
  public static final Duration FRESH_AUTH = Duration.ofMinutes(5);

  private final UserStore users;
  private final SessionService sessions;
  private final Passwords passwords;
  private final LoginThrottle throttle;
  private final AccountJournal journal;
  private final Clock clock;

  public Reauthentication(
      UserStore users,
      SessionService sessions,
      Passwords passwords,
      LoginThrottle throttle,
      AuditLog audit,
      Clock clock) {
    this.users = users;
    this.sessions = sessions;
    this.passwords = passwords;
    this.throttle = throttle;
    this.journal = new AccountJournal(audit, clock);
    this.clock = clock;
  }

  /** The outcome of a re-authentication. */
  public sealed interface Outcome {
    record Confirmed(Reauthenticated proof) implements Outcome {}

    /** The password was wrong or throttled ({@link LoginResult}). */
    record Failed(LoginResult result) implements Outcome {}

    /** The token is not a valid session of this account authenticated recently enough. */
    record NotFresh(String why) implements Outcome {}

    record NoSuchUser() implements Outcome {}
  }

  /** Re-authenticates with the account's password, throttled like a sign-in. */
  public Outcome withPassword(UserId id, String password, ClientContext client) {
    Optional<User> user = users.find(id);
    if (user.isEmpty()) {
      return new Outcome.NoSuchUser();
    }
    User u = user.get();
    if (!u.enabled()) {
      journal.failed(
          EventType.LOGIN_FAILED, user, u.username().key(), "ACCOUNT_DISABLED", 0, client);
      return new Outcome.Failed(new LoginResult.InvalidCredentials());
    }
    Instant now = clock.instant();
    String key = u.username().key();
    switch (throttle.admit(key, now)) {
      case LoginThrottle.Admission.Refused r -> {
        journal.failed(EventType.LOGIN_FAILED, user, key, "THROTTLED", 0, client);
        return new Outcome.Failed(new LoginResult.Throttled(r.retryAfter()));
      }
      case LoginThrottle.Admission.Admitted a -> {
        if (!passwords.matches(password, user)) {
          journal.failed(
              EventType.LOGIN_FAILED, user, key, "INVALID_CREDENTIALS", a.failures(), client);
          return new Outcome.Failed(new LoginResult.InvalidCredentials());
        }
      }
    }
    throttle.succeeded(key);
    return new Outcome.Confirmed(new Reauthenticated(id, now, Optional.empty(), "pwd"));
  }

  /** Re-authenticates with a session of the account authenticated within {@link #FRESH_AUTH}. */
  public Outcome withFreshSession(UserId id, String token, ClientContext client) {
    Optional<User> user = users.find(id);
    if (user.isEmpty()) {
      return new Outcome.NoSuchUser();
    }
    if (!user.get().enabled()) {
      return new Outcome.Failed(new LoginResult.InvalidCredentials());
    }
    Verdict v =
        sessions.verify(
            token,
            client,
            new Requirements(Set.of(), Optional.of(FRESH_AUTH), OptionalInt.empty()));
    if (v instanceof Verdict.Valid ok && ok.session().subject().value().equals(id.value())) {
      return new Outcome.Confirmed(
          new Reauthenticated(id, clock.instant(), Optional.of(ok.session().id()), "session"));
    }
    return new Outcome.NotFresh(
        "Confirm it is you first: sign in again or step up within the last "
            + FRESH_AUTH.toMinutes()
            + " minutes.");
  }
}
