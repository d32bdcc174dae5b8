package dev.vigil.token;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The random part of a token: {@value #LENGTH} bytes (256 bits) from a CSPRNG, or derived from the
 * previous secret for an automatic rotation. Never printed: {@link #toString()} is redacted. Only
 * {@link #hash()} is ever stored.
 */
public final class TokenSecret {
  /** Length of a secret in bytes. */
  public static final int LENGTH = 32;

  private final byte[] bytes;

  private TokenSecret(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "secret must be " + LENGTH + " bytes, was " + bytes.length);
    }
    this.bytes = bytes;
  }

  /** A fresh secret from the given CSPRNG. */
  public static TokenSecret random(SecureRandom random) {
    byte[] b = new byte[LENGTH];
    random.nextBytes(b);
    return new TokenSecret(b);
  }

  /** Wraps bytes taken from a token or a derivation; the array is copied. */
  public static TokenSecret of(byte[] bytes) {
    return new TokenSecret(bytes.clone());
  }

  byte[] bytes() {
    return bytes;
  }

  /** The SHA-256 of this secret, the only form that is stored. */
  public SecretHash hash() {
    return new SecretHash(Sha256.digest(bytes));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenSecret other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "TokenSecret[redacted]";
  }
}
