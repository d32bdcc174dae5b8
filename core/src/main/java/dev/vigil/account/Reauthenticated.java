package dev.vigil.account;

import dev.vigil.id.SessionId;
import dev.vigil.id.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * Proof that the holder of an account re-authenticated just now: with the password, or with a
 * session authenticated within {@link Reauthentication#FRESH_AUTH}. Only {@link Reauthentication}
 * makes one, so a sensitive operation that takes one (adding or removing a factor, ASVS 5.0 7.5.1)
 * cannot be called without it.
 */
public final class Reauthenticated {
  private final UserId user;
  private final Instant at;
  private final Optional<SessionId> session;
  private final String method;

  Reauthenticated(UserId user, Instant at, Optional<SessionId> session, String method) {
    this.user = user;
    this.at = at;
    this.session = session;
    this.method = method;
  }

  /** Whose account. */
  public UserId user() {
    return user;
  }

  /** When. */
  public Instant at() {
    return at;
  }

  /** The fresh session presented, when the proof was one. */
  public Optional<SessionId> session() {
    return session;
  }

  /** {@code pwd} or {@code session}. */
  public String method() {
    return method;
  }

  @Override
  public String toString() {
    return "Reauthenticated[" + user + " by " + method + " at " + at + "]";
  }
}
