package dev.vigil.session;

/**
 * What happens when a session that is not bound to its client is presented from another network
 * (IPv4 /24, IPv6 /48) <em>and</em> another browser family than it was last used from: a change
 * that copied tokens show and roaming people rarely do (ASVS 5.0 7.5.2, the session's context). A
 * {@code session.client_changed} event is recorded in every case, once per change.
 */
public enum ClientChange {
  /** Accept the request; the account holder and operators are told (the new-device rule). */
  NOTIFY,
  /** Answer {@link Reason#STEP_UP_REQUIRED} until the person re-authenticates. */
  STEP_UP,
  /** End the session with cause {@link RevocationCause#CLIENT_CHANGED}. */
  REVOKE;

  /** The configuration's spelling: {@code notify}, {@code step_up}, {@code revoke}. */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
