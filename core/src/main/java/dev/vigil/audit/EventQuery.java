package dev.vigil.audit;

import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import java.time.Instant;
import java.util.Optional;

/**
 * A filter over the audit log, newest first. Absent parts do not filter. {@code cursor} is the
 * opaque value of a previous page's {@link EventPage#nextCursor()}.
 */
public record EventQuery(
    Optional<Subject> subject,
    Optional<SessionId> sessionId,
    Optional<EventType> type,
    Optional<String> reason,
    Optional<Instant> since,
    Optional<Instant> until,
    int limit,
    Optional<String> cursor) {

  /** The largest page. */
  public static final int MAX_LIMIT = 1000;

  public EventQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT + ", was " + limit);
    }
  }

  /** Every event, newest first, in pages of {@code limit}. */
  public static EventQuery all(int limit) {
    return new EventQuery(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        limit,
        Optional.empty());
  }
}
