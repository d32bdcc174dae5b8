package dev.vigil.account;

import dev.vigil.session.IssuedToken;
import java.time.Duration;

/** The outcome of a sign-in. */
public sealed interface LoginResult {
  /** The password was right: a new session was opened (never an existing one: no fixation). */
  record SignedIn(IssuedToken issued) implements LoginResult {}

  /** Unknown username or wrong password; the two are indistinguishable. */
  record InvalidCredentials() implements LoginResult {}

  /** Too many recent failures for this username; try again after {@code retryAfter}. */
  record Throttled(Duration retryAfter) implements LoginResult {}

  /**
   * The password was right and the account has TOTP: the sign-in continues at {@code POST
   * /v1/auth/mfa} with this single-use challenge, valid for five minutes.
   */
  record MfaRequired(String challenge) implements LoginResult {}

  /** The second factor was wrong, already used, or the challenge unknown or expired. */
  record MfaInvalid() implements LoginResult {}

  /** The password was right but the account is disabled. */
  record Disabled() implements LoginResult {}
}
