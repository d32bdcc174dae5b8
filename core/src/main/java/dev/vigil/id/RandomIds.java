package dev.vigil.id;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Generation and validation of the random, prefixed identifiers used across Vigil. */
final class RandomIds {
  /** 16 random bytes, base64url without padding. */
  static final int ENCODED_LENGTH = 22;

  private static final Pattern BODY = Pattern.compile("[A-Za-z0-9_-]{22}");

  private RandomIds() {}

  static String next(String prefix, SecureRandom random) {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static void check(String kind, String prefix, String value) {
    if (!value.startsWith(prefix)
        || value.length() != prefix.length() + ENCODED_LENGTH
        || !BODY.matcher(value).region(prefix.length(), value.length()).matches()) {
      throw new IllegalArgumentException(
          "a " + kind + " id is '" + prefix + "' followed by 22 characters of [A-Za-z0-9_-]");
    }
  }
}
