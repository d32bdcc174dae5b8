package dev.vigil.server.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that seals the shared keyring (AES-256-GCM, a random 96-bit nonce per seal): given to
 * every node by file or environment, never stored beside what it seals. Its text form is 32 bytes
 * in base64.
 */
public final class MasterKey {
  private static final int NONCE = 12;
  private static final byte[] CONTEXT = "vigil keyring v1".getBytes(StandardCharsets.US_ASCII);
  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  private MasterKey(byte[] bytes) {
    this.key = new SecretKeySpec(bytes, "AES");
  }

  /**
   * The master key written as base64 of 32 bytes.
   *
   * @throws IllegalArgumentException if it is not that
   */
  public static MasterKey parse(String text) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a master key is 32 bytes in base64");
    }
    if (bytes.length != 32) {
      throw new IllegalArgumentException(
          "a master key is 32 bytes in base64, this is " + bytes.length + " bytes");
    }
    return new MasterKey(bytes);
  }

  /** A new random master key, as text (for {@code vigil keys master}). */
  public static String generate() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  /** Seals {@code plain}: base64 of nonce and ciphertext with its tag. */
  String seal(byte[] plain) {
    try {
      byte[] nonce = new byte[NONCE];
      random.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      c.updateAAD(CONTEXT);
      byte[] sealed = c.doFinal(plain);
      byte[] out = Arrays.copyOf(nonce, NONCE + sealed.length);
      System.arraycopy(sealed, 0, out, NONCE, sealed.length);
      return Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * Opens what {@link #seal} made.
   *
   * @throws IllegalArgumentException when it was sealed with another key or changed since
   */
  byte[] open(String sealed) {
    try {
      byte[] in = Base64.getDecoder().decode(sealed);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, Arrays.copyOfRange(in, 0, NONCE)));
      c.updateAAD(CONTEXT);
      return c.doFinal(in, NONCE, in.length - NONCE);
    } catch (GeneralSecurityException
        | IllegalArgumentException
        | ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException(
          "the shared keyring cannot be opened with this master key (another key, or changed)");
    }
  }

  @Override
  public String toString() {
    return "MasterKey[redacted]";
  }
}
