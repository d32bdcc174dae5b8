package dev.vigil.account;

import dev.vigil.session.IssuedToken;
import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of a sign-in, a step-up or a second factor. Every failure looks alike to the caller
 * ({@link InvalidCredentials}, {@link MfaInvalid}, {@link Throttled}), whatever its true reason
 * (unknown username, wrong password, disabled account), which only the event records.
 */
public sealed interface LoginResult {
  /** The password was right: a new session was opened (never an existing one: no fixation). */
  record SignedIn(IssuedToken issued) implements LoginResult {}

  /** Unknown username, wrong password or disabled account; indistinguishable. */
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

  /**
   * The password was right but too short to sign in without a second factor (set while TOTP was on,
   * or before the policy was raised): no session is opened; the person sets a new password with
   * this single-use reset token ({@code POST /v1/auth/password-reset}) before {@code expiresAt}.
   */
  record PasswordChangeRequired(String resetToken, Instant expiresAt) implements LoginResult {
    @Override
    public String toString() {
      return "PasswordChangeRequired[redacted, expires " + expiresAt + "]";
    }
  }
}
