package dev.vigil.account;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * NIST SP 800-63B passwords: at least {@code minLength} characters (code points) for a
 * password-only account and {@code minLengthWithTotp} when a second factor is on, at most {@link
 * #MAX_BYTES} bytes (checked before any hashing; far above the 64 characters NIST asks to allow),
 * any Unicode, no composition rules, and not common or guessable ({@link PasswordStrength}, given
 * the username and e-mail as context).
 */
public record PasswordPolicy(int minLength, int minLengthWithTotp) {
  /** The largest password accepted, in UTF-8 bytes. */
  public static final int MAX_BYTES = 1024;

  public PasswordPolicy {
    if (minLength < 8 || minLengthWithTotp < 8) {
      throw new IllegalArgumentException("NIST SP 800-63B requires at least 8 characters");
    }
  }

  /** 15 characters, or 8 with TOTP. */
  public static PasswordPolicy nist() {
    return new PasswordPolicy(15, 8);
  }

  /** Why {@code password} is refused, in words for the person; empty when it is acceptable. */
  public Optional<String> check(
      String password, boolean secondFactor, List<String> context, PasswordStrength strength) {
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return Optional.of("The password is longer than " + MAX_BYTES + " bytes.");
    }
    int min = secondFactor ? minLengthWithTotp : minLength;
    int length = password.codePointCount(0, password.length());
    if (length < min) {
      return Optional.of(
          "The password must have at least " + min + " characters; it has " + length + ".");
    }
    return strength.weakness(password, context);
  }
}
