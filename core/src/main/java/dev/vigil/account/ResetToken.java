package dev.vigil.account;

import java.time.Instant;

/** A one-time password reset token as issued: shown once, stored only as a SHA-256 hash. */
public record ResetToken(String token, Instant expiresAt) {
  @Override
  public String toString() {
    return "ResetToken[redacted, expires " + expiresAt + "]";
  }
}
