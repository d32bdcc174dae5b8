package dev.vigil.server.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature scheme (standardwebhooks.com): a secret {@code whsec_<base64>},
 * and a {@code webhook-signature} header {@code v1,<base64 HMAC-SHA256>} of {@code
 * "{id}.{timestamp}.{body}"} keyed with the secret's decoded bytes.
 */
public final class StandardWebhooks {
  /** The prefix of a secret. */
  public static final String PREFIX = "whsec_";

  private static final int MIN_KEY_BYTES = 24;
  private static final int MAX_KEY_BYTES = 64;

  private StandardWebhooks() {}

  /** A fresh secret of 32 random bytes. */
  public static String newSecret(SecureRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /**
   * The key bytes of a secret.
   *
   * @throws IllegalArgumentException if it is not {@code whsec_} and the base64 of 24-64 bytes
   */
  public static byte[] key(String secret) {
    if (!secret.startsWith(PREFIX)) {
      throw new IllegalArgumentException("must start with whsec_");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("must be whsec_ followed by base64");
    }
    if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          "must encode " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes, was " + key.length);
    }
    return key;
  }

  /** The {@code webhook-signature} header value for one attempt. */
  public static String sign(byte[] key, String messageId, long timestamp, String body) {
    return "v1," + Base64.getEncoder().encodeToString(mac(key, messageId, timestamp, body));
  }

  /**
   * Whether {@code header} (space-separated {@code v1,<sig>} entries) holds a valid signature,
   * compared in constant time.
   */
  public static boolean verify(
      byte[] key, String messageId, long timestamp, String body, String header) {
    byte[] expected = mac(key, messageId, timestamp, body);
    boolean ok = false;
    for (String entry : header.split(" ")) {
      if (!entry.startsWith("v1,")) {
        continue;
      }
      byte[] given;
      try {
        given = Base64.getDecoder().decode(entry.substring(3));
      } catch (IllegalArgumentException e) {
        continue;
      }
      ok |= MessageDigest.isEqual(expected, given);
    }
    return ok;
  }

  private static byte[] mac(byte[] key, String messageId, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(
          (messageId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
