package dev.vigil.audit;

import dev.vigil.id.IncidentId;
import dev.vigil.id.ReportId;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A problem reported by a person or a support agent ("I was signed out", "this wasn't me"), linked
 * where known to the subject, the session and the incident, so that it shows in the session's
 * timeline next to what Vigil recorded.
 */
public record Report(
    ReportId id,
    Instant createdAt,
    Optional<Subject> subject,
    Optional<SessionId> sessionId,
    Optional<IncidentId> incident,
    String category,
    String message,
    Status status,
    Instant updatedAt) {

  /** A category: 1-32 of {@code a-z 0-9 _}, such as {@code signed_out} or {@code not_me}. */
  public static final Pattern CATEGORY = Pattern.compile("[a-z0-9_]{1,32}");

  /** The longest message. */
  public static final int MAX_MESSAGE = 4000;

  public Report {
    if (!CATEGORY.matcher(category).matches()) {
      throw new IllegalArgumentException("category must be 1-32 of [a-z0-9_]");
    }
    if (message.isBlank() || message.length() > MAX_MESSAGE) {
      throw new IllegalArgumentException("message must be 1-" + MAX_MESSAGE + " characters");
    }
  }

  /** Where a report stands. */
  public enum Status {
    OPEN,
    INVESTIGATING,
    RESOLVED,
    DISMISSED
  }

  /** This report with another status at {@code at}. */
  public Report withStatus(Status next, Instant at) {
    return new Report(id, createdAt, subject, sessionId, incident, category, message, next, at);
  }
}
