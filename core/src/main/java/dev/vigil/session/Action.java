package dev.vigil.session;

/** What the application should do with an invalid verdict. */
public enum Action {
  /** Send the person to sign in again; the session is over. */
  REAUTHENTICATE,
  /** Ask the person to prove who they are again (password or code); the session goes on. */
  STEP_UP,
  /** Nothing to do about the session: the person is signed in but may not do this. */
  NONE,
  /** Try again later; nothing is wrong with the session. */
  RETRY;

  /** The contract's spelling ({@code reauthenticate}, {@code step_up}, ...). */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
