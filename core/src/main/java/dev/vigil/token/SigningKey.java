package dev.vigil.token;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One key of the {@link Keyring}: 32 random bytes used for HMAC-SHA256, with the time it was
 * created and, once a newer key replaced it, the time it was retired. A retired key keeps verifying
 * tokens for the configured overlap. {@link #toString()} never shows the material.
 */
public record SigningKey(
    KeyId id, byte[] material, Instant createdAt, Optional<Instant> retiredAt) {
  /** Length of the key material in bytes. */
  public static final int LENGTH = 32;

  public SigningKey {
    if (material.length != LENGTH) {
      throw new IllegalArgumentException(
          "key material must be " + LENGTH + " bytes, was " + material.length);
    }
    material = material.clone();
  }

  @Override
  public byte[] material() {
    return material.clone();
  }

  byte[] materialView() {
    return material;
  }

  /**
   * HMAC-SHA256 of {@code message} under a key derived from this one for one purpose: the
   * HMAC-SHA256 of {@code label} under this key's material. Each purpose (form tokens, links in
   * mails) has a label of its own, so the raw key itself signs nothing.
   *
   * @return 32 bytes
   */
  public byte[] derivedMac(byte[] label, byte[] message) {
    try {
      Mac derive = Mac.getInstance("HmacSHA256");
      derive.init(new SecretKeySpec(material, "HmacSHA256"));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(derive.doFinal(label), "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }

  /** This key, retired at {@code when}. */
  public SigningKey retire(Instant when) {
    return new SigningKey(id, material, createdAt, Optional.of(when));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SigningKey k
        && id.equals(k.id)
        && MessageDigest.isEqual(material, k.material)
        && createdAt.equals(k.createdAt)
        && retiredAt.equals(k.retiredAt);
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + Arrays.hashCode(material);
  }

  @Override
  public String toString() {
    return "SigningKey["
        + id
        + ", created "
        + createdAt
        + retiredAt.map(r -> ", retired " + r).orElse("")
        + "]";
  }
}
