package dev.vigil.account;

import dev.vigil.token.KeyId;
import dev.vigil.token.KeyringSupplier;
import dev.vigil.token.SigningKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest (TOTP seeds) with AES-256-GCM under a key derived from the keyring's
 * current key ({@code HMAC(key, "vigil/secret-box/v1")}). The sealed form is {@code
 * <kid>:<base64(nonce | ciphertext+tag)>}, so a secret sealed under an older key still opens after
 * a key rotation; the user id is bound as associated data, so a sealed secret cannot be moved to
 * another account.
 */
public final class SecretBox {
  private static final byte[] LABEL = "vigil/secret-box/v1".getBytes(StandardCharsets.US_ASCII);

  private final KeyringSupplier keyring;
  private final SecureRandom random = new SecureRandom();

  public SecretBox(KeyringSupplier keyring) {
    this.keyring = keyring;
  }

  /** Seals {@code secret} for the account {@code owner}. */
  public String seal(byte[] secret, String owner) {
    SigningKey key = keyring.get().current();
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    byte[] sealed = crypt(Cipher.ENCRYPT_MODE, key, nonce, owner, secret);
    return key.id().value()
        + ":"
        + Base64.getEncoder()
            .encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
  }

  /**
   * Opens a sealed secret.
   *
   * @throws IllegalStateException if the key is gone or the box was altered (never expected)
   */
  public byte[] open(String sealed, String owner) {
    int colon = sealed.indexOf(':');
    KeyId kid = new KeyId(sealed.substring(0, colon));
    SigningKey key =
        keyring
            .get()
            .find(kid)
            // sealed on another node with a key rotated in a moment ago
            .or(() -> keyring.fresh().find(kid))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the key that sealed this secret is not in the keyring"));
    byte[] all = Base64.getDecoder().decode(sealed.substring(colon + 1));
    byte[] nonce = java.util.Arrays.copyOf(all, 12);
    byte[] body = java.util.Arrays.copyOfRange(all, 12, all.length);
    return crypt(Cipher.DECRYPT_MODE, key, nonce, owner, body);
  }

  private static byte[] crypt(int mode, SigningKey key, byte[] nonce, String owner, byte[] input) {
    try {
      Mac derive = Mac.getInstance("HmacSHA256");
      derive.init(new SecretKeySpec(key.material(), "HmacSHA256"));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          mode, new SecretKeySpec(derive.doFinal(LABEL), "AES"), new GCMParameterSpec(128, nonce));
      cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("secret box failed: " + e.getMessage(), e);
    }
  }
}
