package dev.vigil.server.notify;

import dev.vigil.id.EventId;
import dev.vigil.id.SessionId;
import dev.vigil.token.KeyId;
import dev.vigil.token.KeyringSupplier;
import dev.vigil.token.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The signed "this wasn't me" links of new-device mails: {@code <kid>.<payload>.<mac>}, where the
 * payload names the notice's event, the session to end and an expiry, and the MAC is HMAC-SHA256
 * under a key derived from the keyring key {@code kid} ({@code HMAC(key, "vigil/not-me/v1")}). A
 * link is single use: its event id is recorded when it is used. Minting is deterministic, so a
 * retried mail carries the same link; nothing about the link is stored before it is used.
 */
public final class NotMeLinks {
  /** How long a link works after the sign-in it is about. */
  public static final Duration LIFETIME = Duration.ofDays(7);

  private static final byte[] LABEL = "vigil/not-me/v1".getBytes(StandardCharsets.US_ASCII);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final int MAX_LENGTH = 512;

  private final KeyringSupplier keyring;

  public NotMeLinks(KeyringSupplier keyring) {
    this.keyring = keyring;
  }

  /** What a link says. */
  public record Claim(EventId event, SessionId session, String subject, Instant expiresAt) {}

  /** The link token for a new-device notice about {@code session}. */
  public String mint(EventId event, SessionId session, String subject, Instant signedInAt) {
    SigningKey key = keyring.get().current();
    String payload =
        B64.encodeToString(
            (event.value()
                    + "|"
                    + session.value()
                    + "|"
                    + signedInAt.plus(LIFETIME).getEpochSecond()
                    + "|"
                    + subject)
                .getBytes(StandardCharsets.UTF_8));
    String signed = key.id().value() + "." + payload;
    return signed + "." + B64.encodeToString(mac(key, signed));
  }

  /** The claim of an authentic link, or empty for anything forged, altered or garbled. */
  public Optional<Claim> read(String token) {
    if (token.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      KeyId kid = new KeyId(parts[0]);
      Optional<SigningKey> key = keyring.get().find(kid).or(() -> keyring.fresh().find(kid));
      if (key.isEmpty()) {
        return Optional.empty();
      }
      byte[] given = Base64.getUrlDecoder().decode(parts[2]);
      byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
      // one spelling per link: the decoder ignores a last character's unused bits, so a variant
      // that differs only there would otherwise pass as the same link
      if (!B64.encodeToString(given).equals(parts[2])
          || !B64.encodeToString(payload).equals(parts[1])) {
        return Optional.empty();
      }
      if (!MessageDigest.isEqual(mac(key.get(), parts[0] + "." + parts[1]), given)) {
        return Optional.empty();
      }
      String[] f = new String(payload, StandardCharsets.UTF_8).split("\\|", 4);
      if (f.length != 4) {
        return Optional.empty();
      }
      return Optional.of(
          new Claim(
              new EventId(f[0]),
              new SessionId(f[1]),
              f[3],
              Instant.ofEpochSecond(Long.parseLong(f[2]))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static byte[] mac(SigningKey key, String text) {
    return key.derivedMac(LABEL, text.getBytes(StandardCharsets.US_ASCII));
  }
}
