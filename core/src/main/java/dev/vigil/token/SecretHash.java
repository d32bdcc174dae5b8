package dev.vigil.token;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * SHA-256 of a {@link TokenSecret}: what the store keeps instead of the secret. Compared in
 * constant time.
 */
public record SecretHash(byte[] bytes) {
  public SecretHash {
    if (bytes.length != 32) {
      throw new IllegalArgumentException("a secret hash is 32 bytes, was " + bytes.length);
    }
    bytes = bytes.clone();
  }

  /** Parses the lowercase hex form written by {@link #hex()}. */
  public static SecretHash ofHex(String hex) {
    return new SecretHash(HexFormat.of().parseHex(hex));
  }

  /** Whether {@code secret} hashes to this value; constant time in the secret's content. */
  public boolean matches(TokenSecret secret) {
    return MessageDigest.isEqual(bytes, Sha256.digest(secret.bytes()));
  }

  /** Lowercase hex, for storage. */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretHash other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "SecretHash[" + hex().substring(0, 8) + "…]";
  }
}
