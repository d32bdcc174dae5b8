package dev.vigil.id;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * Identifier of one audit event: {@code evt_} and 22 base64url characters, 128 random bits or (from
 * {@link #at}) a time prefix and 80 random bits.
 */
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

  /**
   * A fresh id for an event at {@code time}: 48 bits of its milliseconds then 80 random bits, so
   * that ids sort in the order events were made (the log appends them cheaply) and stay
   * unguessable.
   */
  public static EventId at(java.time.Instant time, SecureRandom random) {
    return new EventId(RandomIds.timeOrdered(PREFIX, time.toEpochMilli(), random));
  }

  /** The id, if {@code text} is one; empty for anything else. */
  public static Optional<EventId> parse(String text) {
    // checked, not caught: ids are parsed on hot paths (every session create asks whether its
    // subject is an account), and an exception per call costs its stack trace
    return RandomIds.valid(PREFIX, text) ? Optional.of(new EventId(text)) : Optional.empty();
  }

  @Override
  public String toString() {
    return value;
  }
}
