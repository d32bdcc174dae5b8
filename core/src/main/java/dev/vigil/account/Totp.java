package dev.vigil.account;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords as authenticator apps implement them: HMAC-SHA1, 6 digits,
 * 30-second steps, and one step of drift either way. {@link #match} returns the step a code belongs
 * to, so the caller can refuse any step at or before the last one used (no replay).
 */
public final class Totp {
  /** Seconds per step. */
  public static final int STEP_SECONDS = 30;

  /** Digits per code. */
  public static final int DIGITS = 6;

  private Totp() {}

  /** The step that contains {@code t}. */
  public static long step(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), STEP_SECONDS);
  }

  /** The code of {@code step} for {@code secret}, zero-padded to {@value #DIGITS} digits. */
  public static String code(byte[] secret, long step) {
    return code(secret, step, "HmacSHA1", DIGITS);
  }

  /** The RFC 6238 code with another HMAC and length (the RFC's test vectors use these). */
  static String code(byte[] secret, long step, String algorithm, int digits) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret, algorithm));
      byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int offset = h[h.length - 1] & 0x0f;
      int binary =
          ((h[offset] & 0x7f) << 24)
              | ((h[offset + 1] & 0xff) << 16)
              | ((h[offset + 2] & 0xff) << 8)
              | (h[offset + 3] & 0xff);
      int mod = (int) Math.pow(10, digits);
      return String.format("%0" + digits + "d", binary % mod);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is required by every Java platform", e);
    }
  }

  /**
   * The step (now, one before or one after) whose code is {@code code}, compared in constant time;
   * empty when none matches or the code is not six digits.
   */
  public static OptionalLong match(byte[] secret, String code, Instant now) {
    if (code.length() != DIGITS || !code.chars().allMatch(Character::isDigit)) {
      return OptionalLong.empty();
    }
    long current = step(now);
    OptionalLong found = OptionalLong.empty();
    for (long s = current - 1; s <= current + 1; s++) {
      if (MessageDigest.isEqual(code(secret, s).getBytes(), code.getBytes())) {
        found = OptionalLong.of(s);
      }
    }
    return found;
  }
}
