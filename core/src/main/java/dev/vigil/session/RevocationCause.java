package dev.vigil.session;

/** Why a session was ended on purpose. */
public enum RevocationCause {
  /** The person signed out. */
  LOGOUT,
  /** An operator or the application ended this one session. */
  ADMIN,
  /** The password changed; the other sessions of the user were ended. */
  PASSWORD_CHANGED,
  /** All sessions of the subject were ended at once. */
  ALL_SESSIONS,
  /** An older token came back after rotation: the token was copied. */
  THEFT_SUSPECTED,
  /** The subject's roles changed and the configuration ends sessions on that. */
  PRIVILEGE_CHANGED,
  /** The subject reached the cap on live sessions; the least recently used one was ended. */
  SESSION_LIMIT,
  /** The account was disabled or deleted. */
  ACCOUNT_DISABLED,
  /**
   * The session was presented from another network and browser family, and the deployment's {@code
   * client_change} policy is {@code revoke}.
   */
  CLIENT_CHANGED,
  /** Every session of every subject was ended at once (after a key leak, for example). */
  EVERY_SESSION
}
