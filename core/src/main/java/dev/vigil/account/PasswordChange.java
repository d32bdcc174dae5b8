package dev.vigil.account;

/** The outcome of a password change or reset. */
public sealed interface PasswordChange {
  /** Changed; {@code sessionsEnded} other sessions were revoked with PASSWORD_CHANGED. */
  record Changed(int sessionsEnded) implements PasswordChange {}

  /** Refused: {@code field} names the input, {@code reason} is the contract's code. */
  record Refused(String field, String reason, String why) implements PasswordChange {}

  /** The current password was wrong, or the account is throttled. */
  record Failed(LoginResult result) implements PasswordChange {}

  record NoSuchUser() implements PasswordChange {}
}
