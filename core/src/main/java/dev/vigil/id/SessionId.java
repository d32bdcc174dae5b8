package dev.vigil.id;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Identifier of the session a token belongs to: {@code ses_} and 22 base64url characters (128
 * random bits).
 */
public record SessionId(String value) {
  /** The prefix every session id starts with. */
  public static final String PREFIX = "ses_";

  public SessionId {
    RandomIds.check("session", PREFIX, value);
  }

  /** A fresh random id. */
  public static SessionId random(SecureRandom random) {
    return new SessionId(RandomIds.next(PREFIX, random));
  }

  /** The id, if {@code text} is one; empty for anything else. */
  public static Optional<SessionId> parse(String text) {
    // checked, not caught: ids are parsed on hot paths (every session create asks whether its
    // subject is an account), and an exception per call costs its stack trace
    return RandomIds.valid(PREFIX, text) ? Optional.of(new SessionId(text)) : Optional.empty();
  }

  /** The 16 random bytes behind the id, as carried inside a token. */
  public byte[] bytes() {
    return Base64.getUrlDecoder().decode(value.substring(PREFIX.length()));
  }

  /** The id whose random part is {@code bytes} (16 bytes). */
  public static SessionId ofBytes(byte[] bytes) {
    if (bytes.length != 16) {
      throw new IllegalArgumentException("a session id has 16 bytes, was " + bytes.length);
    }
    return new SessionId(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  @Override
  public String toString() {
    return value;
  }
}
