package dev.vigil.token;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 without a provider look-up per call: digests are cloned from one prototype, which is
 * several times cheaper than {@code MessageDigest.getInstance} on the verify path.
 */
final class Sha256 {
  private static final MessageDigest PROTOTYPE;

  static {
    try {
      PROTOTYPE = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Sha256() {}

  static byte[] digest(byte[] input) {
    try {
      return ((MessageDigest) PROTOTYPE.clone()).digest(input);
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's SHA-256 supports clone()", e);
    }
  }
}
