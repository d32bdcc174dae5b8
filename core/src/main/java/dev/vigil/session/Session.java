package dev.vigil.session;

import dev.vigil.client.ClientContext;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A session as stored: who it belongs to, how they authenticated, the timeouts in force, the token
 * chain, and whether it was revoked. Immutable; changes produce a new value.
 *
 * <p>{@code lastSeenAt} is written at most once per {@link SessionPolicy#touchInterval touch
 * interval}, so the true last use may be up to one interval later than it; the idle deadline
 * therefore adds that interval ({@link #idleDeadline}), which makes idle expiry late by at most the
 * interval and never early.
 *
 * <p>{@code lifetimeStart} is when the absolute lifetime started: the creation, or the latest
 * re-authentication (step-up), which restarts both timeouts (NIST SP 800-63B-4 section 5.2).
 */
public record Session(
    SessionId id,
    Subject subject,
    Set<String> roles,
    Authentication auth,
    ClientContext client,
    boolean boundToClient,
    Instant createdAt,
    Instant lifetimeStart,
    Instant lastSeenAt,
    Duration idleTimeout,
    Duration absoluteTimeout,
    TokenChain chain,
    Optional<Revocation> revocation) {

  /** The form of a role name: 1-64 of {@code A-Z a-z 0-9 : . _ / -}. */
  public static final java.util.regex.Pattern ROLE =
      java.util.regex.Pattern.compile("[A-Za-z0-9:._/-]{1,64}");

  /** The most roles a session may carry. */
  public static final int MAX_ROLES = 64;

  public Session {
    roles = Set.copyOf(roles); // the same set when it is already an unmodifiable one
    if (roles.size() > MAX_ROLES || !roles.stream().allMatch(r -> ROLE.matcher(r).matches())) {
      throw new IllegalArgumentException(
          "roles must be at most " + MAX_ROLES + " names of 1-64 [A-Za-z0-9:._/-]");
    }
    if (idleTimeout.isNegative()
        || idleTimeout.isZero()
        || absoluteTimeout.isNegative()
        || absoluteTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  /** When the absolute lifetime ends. */
  public Instant absoluteDeadline() {
    return lifetimeStart.plus(absoluteTimeout);
  }

  /** When the idle timeout ends, given the recorded last use (see the class comment). */
  public Instant idleDeadline() {
    return lastSeenAt.plus(idleTimeout).plus(SessionPolicy.touchInterval(idleTimeout));
  }

  /** Active, expired or revoked at {@code now}. */
  public State state(Instant now) {
    if (revocation.isPresent()) {
      return State.REVOKED;
    }
    return !now.isBefore(absoluteDeadline()) || !now.isBefore(idleDeadline())
        ? State.EXPIRED
        : State.ACTIVE;
  }

  /** Whether the session can still be used at {@code now}. */
  public boolean isLive(Instant now) {
    return state(now) == State.ACTIVE;
  }

  /** The three states of the contract's {@code GET /v1/sessions/{id}}. */
  public enum State {
    ACTIVE,
    EXPIRED,
    REVOKED
  }

  /**
   * This session with new privileges and token chain, as a compare-and-set writes them; {@code
   * last_seen_at} moves to {@code seen} unless it is already later.
   */
  public Session withPrivileges(
      Set<String> newRoles, Authentication newAuth, TokenChain next, Instant seen) {
    return new Session(
        id,
        subject,
        newRoles,
        newAuth,
        client,
        boundToClient,
        createdAt,
        lifetimeStart,
        later(seen),
        idleTimeout,
        absoluteTimeout,
        next,
        revocation);
  }

  /**
   * This session after a re-authentication {@code auth} at {@code now}: new authentication and
   * token chain, and both timeouts restarted (the absolute lifetime starts again at {@code now},
   * the idle timeout counts from {@code now}).
   */
  public Session reauthenticated(Authentication auth, TokenChain next, Instant now) {
    return reauthenticated(auth, next, now, client);
  }

  /**
   * As {@link #reauthenticated(Authentication, TokenChain, Instant)}, the person now using {@code
   * from}: a re-authentication from a changed client makes it the session's client.
   */
  public Session reauthenticated(
      Authentication auth, TokenChain next, Instant now, ClientContext from) {
    return new Session(
        id,
        subject,
        roles,
        auth,
        from.ip().isPresent() ? from : client,
        boundToClient,
        createdAt,
        now.isAfter(lifetimeStart) ? now : lifetimeStart,
        later(now),
        idleTimeout,
        absoluteTimeout,
        next,
        revocation);
  }

  /** This session last used from {@code from} (a changed client, {@link ClientWatch}). */
  public Session withClient(ClientContext from) {
    return new Session(
        id,
        subject,
        roles,
        auth,
        from,
        boundToClient,
        createdAt,
        lifetimeStart,
        lastSeenAt,
        idleTimeout,
        absoluteTimeout,
        chain,
        revocation);
  }

  /** This session with another token chain, seen at {@code seen} (never moving backwards). */
  public Session withChain(TokenChain next, Instant seen) {
    return withPrivileges(roles, auth, next, seen);
  }

  /** This session used at {@code seen} (never moving {@code last_seen_at} backwards). */
  public Session seenAt(Instant seen) {
    return withPrivileges(roles, auth, chain, seen);
  }

  /**
   * This session with the mutable parts of {@code next} (roles, authentication, client, lifetime
   * start, last use, token chain), as a compare-and-set writes them; neither {@code last_seen_at}
   * nor the lifetime start ever moves backwards.
   */
  public Session withMutablePartsOf(Session next) {
    return new Session(
        id,
        subject,
        next.roles,
        next.auth,
        next.client,
        boundToClient,
        createdAt,
        next.lifetimeStart.isAfter(lifetimeStart) ? next.lifetimeStart : lifetimeStart,
        later(next.lastSeenAt),
        idleTimeout,
        absoluteTimeout,
        next.chain,
        revocation);
  }

  /** This session ended by {@code r}; an already ended session keeps its first revocation. */
  public Session revoked(Revocation r) {
    if (revocation.isPresent()) {
      return this;
    }
    return new Session(
        id,
        subject,
        roles,
        auth,
        client,
        boundToClient,
        createdAt,
        lifetimeStart,
        lastSeenAt,
        idleTimeout,
        absoluteTimeout,
        chain,
        Optional.of(r));
  }

  private Instant later(Instant seen) {
    return seen.isAfter(lastSeenAt) ? seen : lastSeenAt;
  }
}
