package dev.vigil.id;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * Identifier of an invalid verdict, quotable by a person to support: {@code inc_} and 22 base64url
 * characters (128 random bits).
 */
public record IncidentId(String value) {
  /** The prefix every incident id starts with. */
  public static final String PREFIX = "inc_";

  public IncidentId {
    RandomIds.check("incident", PREFIX, value);
  }

  /** A fresh random id. */
  public static IncidentId random(SecureRandom random) {
    return new IncidentId(RandomIds.next(PREFIX, random));
  }

  /** The id, if {@code text} is one; empty for anything else. */
  public static Optional<IncidentId> parse(String text) {
    // checked, not caught: ids are parsed on hot paths (every session create asks whether its
    // subject is an account), and an exception per call costs its stack trace
    return RandomIds.valid(PREFIX, text) ? Optional.of(new IncidentId(text)) : Optional.empty();
  }

  @Override
  public String toString() {
    return value;
  }
}
