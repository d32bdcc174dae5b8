package dev.vigil.server.assess;

import dev.vigil.account.PasswordPolicy;
import java.util.List;

/** The password policy: length and the blocklist's context words. */
final class PasswordChecks {
  /** NIST SP 800-63B-4 §3.1.1.2: 15 characters for a password used as a single factor. */
  static final int SINGLE_FACTOR_MIN = 15;

  private PasswordChecks() {}

  static List<Check> of(Settings.Passwords p) {
    return List.of(length(p), blocklist(p));
  }

  static Check length(Settings.Passwords p) {
    Check.Ref ref = Check.Ref.of("password.length", "Password length", "6.2.1", "§3.1.1.2");
    String found =
        "password_min_length "
            + p.minLength()
            + ", with TOTP "
            + p.minLengthWithTotp()
            + " (at most "
            + PasswordPolicy.MAX_BYTES
            + " bytes, no composition rules)";
    if (p.minLength() < SINGLE_FACTOR_MIN) {
      return Check.fail(
          ref,
          found + ": a single-factor password needs at least 15 characters",
          "set password_min_length to 15 or more");
    }
    return Check.pass(ref, found);
  }

  /**
   * The blocklist (zxcvbn's dictionaries, the username, the e-mail and the service's name) is
   * always on; only the operator knows the organisation's own words.
   */
  static Check blocklist(Settings.Passwords p) {
    Check.Ref ref =
        Check.Ref.of(
            "password.blocklist", "Password blocklist and context words", "6.2.11", "§3.1.1.2");
    if (p.contextWords() == 0) {
      return Check.warn(
          ref,
          "common passwords, the username, the e-mail and 'vigil' are refused; no words of the"
              + " organisation are",
          "set password_context_words to the organisation's and product's names");
    }
    return Check.pass(
        ref,
        "common passwords, the username, the e-mail, 'vigil' and "
            + p.contextWords()
            + " operator words are refused");
  }
}
