package dev.vigil.id;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * Identifier of an account Vigil authenticates: {@code usr_} and 22 base64url characters (128
 * random bits).
 */
public record UserId(String value) {
  /** The prefix every user id starts with. */
  public static final String PREFIX = "usr_";

  public UserId {
    RandomIds.check("user", PREFIX, value);
  }

  /** A fresh random id. */
  public static UserId random(SecureRandom random) {
    return new UserId(RandomIds.next(PREFIX, random));
  }

  /** The id, if {@code text} is one; empty for anything else. */
  public static Optional<UserId> parse(String text) {
    // checked, not caught: ids are parsed on hot paths (every session create asks whether its
    // subject is an account), and an exception per call costs its stack trace
    return RandomIds.valid(PREFIX, text) ? Optional.of(new UserId(text)) : Optional.empty();
  }

  @Override
  public String toString() {
    return value;
  }
}
