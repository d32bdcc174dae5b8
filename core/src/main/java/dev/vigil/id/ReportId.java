package dev.vigil.id;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * Identifier of a report filed by a user or support person: {@code rpt_} and 22 base64url
 * characters (128 random bits).
 */
public record ReportId(String value) {
  /** The prefix every incident id starts with. */
  public static final String PREFIX = "rpt_";

  public ReportId {
    RandomIds.check("report", PREFIX, value);
  }

  /** A fresh random id. */
  public static ReportId random(SecureRandom random) {
    return new ReportId(RandomIds.next(PREFIX, random));
  }

  /** The id, if {@code text} is one; empty for anything else. */
  public static Optional<ReportId> parse(String text) {
    // checked, not caught: ids are parsed on hot paths (every session create asks whether its
    // subject is an account), and an exception per call costs its stack trace
    return RandomIds.valid(PREFIX, text) ? Optional.of(new ReportId(text)) : Optional.empty();
  }

  @Override
  public String toString() {
    return value;
  }
}
