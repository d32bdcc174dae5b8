package dev.vigil.session;

import java.time.Instant;

/**
 * How and when a session was ended on purpose, and by whom ({@code by} is a caller name, a subject,
 * or {@code vigil} for Vigil's own decisions such as theft detection).
 */
public record Revocation(RevocationCause cause, Instant at, String by) {
  public Revocation {
    if (by.isBlank()) {
      throw new IllegalArgumentException("a revocation names who made it");
    }
  }
}
