package dev.vigil.server.assess;

import java.time.Duration;

/**
 * Durations as the configuration spells them: two or more whole days as {@code P30D} (where {@link
 * Duration#toString()} says {@code PT720H}), anything else (a day stays {@code PT24H}, as NIST
 * words the AAL2 limit) ISO-8601 as Java writes it. Both forms parse back with {@link
 * Duration#parse}.
 */
final class Durations {
  private Durations() {}

  static String text(Duration d) {
    if (d.toDays() >= 2 && d.toSeconds() % 86_400 == 0 && d.getNano() == 0) {
      return "P" + d.toDays() + "D";
    }
    return d.toString();
  }
}
