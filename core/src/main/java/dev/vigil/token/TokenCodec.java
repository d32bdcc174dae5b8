package dev.vigil.token;

import dev.vigil.id.SessionId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes and reads session tokens.
 *
 * <p>Layout: {@code vs1.<kid>.<payload>.<mac>} where
 *
 * <ul>
 *   <li>{@code kid} names the {@link SigningKey} (1-12 of {@code a-z0-9});
 *   <li>{@code payload} is base64url (no padding) of 52 bytes: the session id (16), the token's
 *       generation (4, big-endian, unsigned) and the {@link TokenSecret} (32);
 *   <li>{@code mac} is base64url of HMAC-SHA256 over the ASCII text {@code vs1.<kid>.<payload>},
 *       keyed with a MAC key derived from the signing key.
 * </ul>
 *
 * A token is therefore at most 4 + 12 + 1 + 70 + 1 + 43 = 131 characters of {@code A-Z a-z 0-9 - _
 * .}. Decoding is strict: base64url must be canonical (re-encoding gives the same text), so no two
 * strings decode to the same token and any altered character either fails decoding or the MAC.
 *
 * <p>Thread-safe: MAC instances are cloned from a per-key prototype for each call.
 */
public final class TokenCodec {
  /** Every token starts with this, so secret scanners can recognise one. */
  public static final String PREFIX = "vs1.";

  /** The longest token this codec writes or accepts. */
  public static final int MAX_LENGTH = 200;

  private static final int PAYLOAD_BYTES = 16 + 4 + TokenSecret.LENGTH;
  private static final int PAYLOAD_CHARS = 70;
  private static final int MAC_CHARS = 43;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final byte[] MAC_LABEL = "vigil/token-mac/v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SUCCESSOR_LABEL =
      "vigil/successor/v1".getBytes(StandardCharsets.US_ASCII);

  private final Map<KeyId, DerivedKeys> derived = new ConcurrentHashMap<>();

  /** The result of {@link #decode}. */
  public sealed interface Decoded {
    /** Well-formed: the parts of the token, not yet authenticated. */
    record Parsed(
        KeyId kid,
        SessionId sessionId,
        long generation,
        TokenSecret secret,
        String signed,
        byte[] mac)
        implements Decoded {}

    /** Not a Vigil token; {@code why} says which rule it broke (for logs and incidents). */
    record Malformed(String why) implements Decoded {}
  }

  /** Writes the token for generation {@code generation} of session {@code id}. */
  public String encode(SigningKey key, SessionId id, long generation, TokenSecret secret) {
    if (generation < 0 || generation > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("generation out of range: " + generation);
    }
    ByteBuffer payload = ByteBuffer.allocate(PAYLOAD_BYTES);
    payload.put(id.bytes()).putInt((int) generation).put(secret.bytes());
    String signed = PREFIX + key.id().value() + "." + ENCODER.encodeToString(payload.array());
    return signed + "." + ENCODER.encodeToString(mac(key, signed));
  }

  /**
   * Parses {@code token} without any key: checks, in order, the prefix, the length (at most {@value
   * #MAX_LENGTH}), the four dot-separated parts, the key id's form, and the canonical base64url of
   * payload and MAC.
   */
  public Decoded decode(String token) {
    if (!token.startsWith(PREFIX)) {
      return new Decoded.Malformed("does not start with " + PREFIX);
    }
    if (token.length() > MAX_LENGTH) {
      return new Decoded.Malformed("longer than " + MAX_LENGTH + " characters");
    }
    int kidEnd = token.indexOf('.', PREFIX.length());
    int payloadEnd = kidEnd < 0 ? -1 : token.indexOf('.', kidEnd + 1);
    if (kidEnd < 0 || payloadEnd < 0 || token.indexOf('.', payloadEnd + 1) >= 0) {
      return new Decoded.Malformed("does not have four parts separated by dots");
    }
    String kidText = token.substring(PREFIX.length(), kidEnd);
    String payloadText = token.substring(kidEnd + 1, payloadEnd);
    String macText = token.substring(payloadEnd + 1);
    if (!KeyId.valid(kidText)) {
      return new Decoded.Malformed("key id is not 1-12 of [a-z0-9]");
    }
    Optional<byte[]> payloadBytes = canonical(payloadText, PAYLOAD_CHARS, 0x0F);
    Optional<byte[]> macBytes = canonical(macText, MAC_CHARS, 0x03);
    if (payloadBytes.isEmpty() || macBytes.isEmpty()) {
      return new Decoded.Malformed("payload or MAC is not canonical base64url of the right length");
    }
    byte[] payload = payloadBytes.get();
    byte[] mac = macBytes.get();
    ByteBuffer buf = ByteBuffer.wrap(payload);
    byte[] sid = new byte[16];
    buf.get(sid);
    long generation = Integer.toUnsignedLong(buf.getInt());
    byte[] secret = new byte[TokenSecret.LENGTH];
    buf.get(secret);
    return new Decoded.Parsed(
        new KeyId(kidText),
        SessionId.ofBytes(sid),
        generation,
        TokenSecret.of(secret),
        token.substring(0, payloadEnd),
        mac);
  }

  /** Whether the MAC of {@code parsed} is right for {@code key}; constant time. */
  public boolean authentic(Decoded.Parsed parsed, SigningKey key) {
    if (!parsed.kid().equals(key.id())) {
      return false;
    }
    return MessageDigest.isEqual(mac(key, parsed.signed()), parsed.mac());
  }

  /**
   * The secret of the token that follows {@code previous} after an automatic rotation: an HMAC of
   * the session id, the new generation, the previous secret and a fresh random {@code nonce}
   * (stored with the session), keyed with a key derived from {@code key}. Anyone who holds the
   * previous token and asks Vigil during the grace window gets the same successor; nobody can
   * compute it without the signing key; the store never holds it.
   */
  public TokenSecret successor(
      SigningKey key, SessionId id, long generation, TokenSecret previous, byte[] nonce) {
    Mac mac = keys(key).successorMac();
    mac.update(id.bytes());
    mac.update(ByteBuffer.allocate(4).putInt((int) generation).array());
    mac.update(previous.bytes());
    mac.update(nonce);
    return TokenSecret.of(mac.doFinal());
  }

  private byte[] mac(SigningKey key, String signed) {
    Mac mac = keys(key).tokenMac();
    return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
  }

  private DerivedKeys keys(SigningKey key) {
    DerivedKeys keys = derived.get(key.id());
    if (keys == null || !keys.forMaterial(key)) {
      keys = DerivedKeys.of(key);
      derived.put(key.id(), keys);
    }
    return keys;
  }

  /**
   * The bytes of {@code text} if it is canonical unpadded base64url of {@code expectedChars}
   * characters: only alphabet characters, and the bits of the last character that carry no data
   * ({@code unusedBits}) are zero, so no other text decodes to the same bytes.
   */
  private static Optional<byte[]> canonical(String text, int expectedChars, int unusedBits) {
    if (text.length() != expectedChars) {
      return Optional.empty();
    }
    int last = sextet(text.charAt(text.length() - 1));
    if (last < 0 || (last & unusedBits) != 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(DECODER.decode(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static int sextet(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '-' ? 62 : c == '_' ? 63 : -1;
  }

  /** MAC prototypes for the two keys derived from one signing key. */
  private record DerivedKeys(byte[] material, Mac tokenMacProto, Mac successorMacProto) {
    static DerivedKeys of(SigningKey key) {
      byte[] material = key.materialView();
      return new DerivedKeys(
          material.clone(),
          hmac(derive(material, MAC_LABEL)),
          hmac(derive(material, SUCCESSOR_LABEL)));
    }

    boolean forMaterial(SigningKey key) {
      return Arrays.equals(material, key.materialView());
    }

    Mac tokenMac() {
      return copy(tokenMacProto);
    }

    Mac successorMac() {
      return copy(successorMacProto);
    }

    private static Mac copy(Mac proto) {
      try {
        return (Mac) proto.clone();
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException("the JDK's HmacSHA256 supports clone()", e);
      }
    }

    private static byte[] derive(byte[] material, byte[] label) {
      return hmac(material).doFinal(label);
    }

    private static Mac hmac(byte[] key) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
      }
    }
  }
}
