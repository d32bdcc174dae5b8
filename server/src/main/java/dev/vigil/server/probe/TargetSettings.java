package dev.vigil.server.probe;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The few settings of the target a probe plans by, read from {@code GET /v1/admin/config} when the
 * API key has scope {@code admin}; each is empty when unknown (another key, an older Vigil, a
 * member missing), and the checks that need one then say what they assumed or skip.
 *
 * @param rotateAfter {@code sessions.rotate_after}: when a presented token is rotated
 * @param rotationGrace {@code sessions.rotation_grace}
 * @param guessingLimit {@code defences.guessing_limit}: unauthentic tokens per address per minute
 * @param guessingMode {@code defences.anomaly_guessing}: {@code enforce}, {@code report_only} or
 *     {@code off}
 * @param headerTimeout {@code transport.header_timeout}: how long a request head may take
 * @param source where they came from, or why they are unknown, for the report
 */
record TargetSettings(
    Optional<Duration> rotateAfter,
    Optional<Duration> rotationGrace,
    OptionalInt guessingLimit,
    Optional<String> guessingMode,
    Optional<Duration> headerTimeout,
    String source) {

  /** Nothing known, because {@code why}. */
  static TargetSettings unknown(String why) {
    return new TargetSettings(
        Optional.empty(),
        Optional.empty(),
        OptionalInt.empty(),
        Optional.empty(),
        Optional.empty(),
        why);
  }

  /** What {@code config} (the body of {@code GET /v1/admin/config}) says; lenient. */
  static TargetSettings read(JsonNode config) {
    JsonNode d = config.path("defences");
    JsonNode limit = d.path("guessing_limit");
    return new TargetSettings(
        duration(config.path("sessions").path("rotate_after")),
        duration(config.path("sessions").path("rotation_grace")),
        limit.canConvertToInt() && limit.isIntegralNumber()
            ? OptionalInt.of(limit.asInt())
            : OptionalInt.empty(),
        d.path("anomaly_guessing").isTextual()
            ? Optional.of(d.path("anomaly_guessing").asText())
            : Optional.empty(),
        duration(config.path("transport").path("header_timeout")),
        "GET /v1/admin/config");
  }

  private static Optional<Duration> duration(JsonNode n) {
    if (!n.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.parse(n.asText()));
    } catch (DateTimeParseException | ArithmeticException e) {
      return Optional.empty();
    }
  }
}
