package dev.vigil.session;

/**
 * Why a token is not valid. Every constant applies in exactly one situation, listed in the order
 * {@link SessionVerifier} checks them; switches over this enum have no {@code default}, so that a
 * new reason fails compilation wherever it must be handled.
 */
public enum Reason {
  /**
   * Not a Vigil token at all: wrong prefix, longer than 200 characters, wrong number of parts, or
   * parts that are not canonical base64url of the right length. Nothing about a session is known.
   */
  MALFORMED(Action.REAUTHENTICATE),
  /**
   * Well-formed but the key check failed: a character was altered, the token was forged, its key id
   * is unknown to this deployment, or (only possible for a holder of the signing key) its secret
   * does not match the session's.
   */
  TAMPERED(Action.REAUTHENTICATE),
  /** Authentic, but signed with a key whose overlap after retirement has ended. */
  KEY_RETIRED(Action.REAUTHENTICATE),
  /** Authentic, but the store has no such session: purged after its retention, or never ours. */
  UNKNOWN_SESSION(Action.REAUTHENTICATE),
  /** The session was ended on purpose; the verdict carries the {@link Revocation}. */
  REVOKED(Action.REAUTHENTICATE),
  /** The session is older than its absolute lifetime. */
  EXPIRED_ABSOLUTE(Action.REAUTHENTICATE),
  /** The session was not used for longer than its idle timeout. */
  EXPIRED_IDLE(Action.REAUTHENTICATE),
  /** The token belongs to a generation replaced by an explicit rotation (privilege change). */
  SUPERSEDED(Action.REAUTHENTICATE),
  /**
   * An older generation came back after the newer one was in use and outside the grace window: the
   * token was copied. The whole session is revoked with cause {@code THEFT_SUSPECTED}.
   */
  TOKEN_REUSED(Action.REAUTHENTICATE),
  /** The session is bound to its client and the token came from another user agent or network. */
  CONTEXT_MISMATCH(Action.REAUTHENTICATE),
  /** Valid, but the session lacks a role the caller required; {@code missing} names it. */
  FORBIDDEN(Action.NONE),
  /** Valid, but the authentication is older than {@code max_auth_age} or below the {@code aal}. */
  STEP_UP_REQUIRED(Action.STEP_UP),
  /** The client address is in a cool-down after a burst of forged or guessed tokens. */
  THROTTLED(Action.RETRY);

  private final Action action;

  Reason(Action action) {
    this.action = action;
  }

  /** What the application should do about this reason. */
  public Action action() {
    return action;
  }

  /** Whether the token authenticated (its key check passed) when this reason is given. */
  public boolean authenticated() {
    return switch (this) {
      case MALFORMED, TAMPERED, THROTTLED -> false;
      case KEY_RETIRED,
          UNKNOWN_SESSION,
          REVOKED,
          EXPIRED_ABSOLUTE,
          EXPIRED_IDLE,
          SUPERSEDED,
          TOKEN_REUSED,
          CONTEXT_MISMATCH,
          FORBIDDEN,
          STEP_UP_REQUIRED ->
          true;
    };
  }
}
