package dev.vigil.id;

import java.security.SecureRandom;
import java.util.Optional;

/** Identifier of one audit event: {@code evt_} and 22 base64url characters (128 random bits). */
public record EventId(String value) {
  /** The prefix every event id starts with. */
  public static final String PREFIX = "evt_";

  public EventId {
    RandomIds.check("event", PREFIX, value);
  }

  /** A fresh random id. */
  public static EventId random(SecureRandom random) {
    return new EventId(RandomIds.next(PREFIX, random));
  }

  /** The id, if {@code text} is one; empty for anything else. */
  public static Optional<EventId> parse(String text) {
    try {
      return Optional.of(new EventId(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
