package dev.vigil.audit;

import dev.vigil.session.Action;
import dev.vigil.session.Reason;
import java.util.List;

/**
 * One invalid verdict explained: the event that recorded it, what the application was told, the
 * session's timeline (oldest first), and a plain-language root cause for a support person.
 */
public record Incident(
    Event event, Reason reason, Action action, String message, List<Event> timeline, String cause) {
  public Incident {
    timeline = List.copyOf(timeline);
  }
}
