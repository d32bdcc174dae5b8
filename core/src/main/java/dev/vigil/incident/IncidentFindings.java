package dev.vigil.incident;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventPage;
import dev.vigil.audit.EventQuery;
import dev.vigil.audit.EventType;
import dev.vigil.client.IpAddress;
import dev.vigil.id.SessionId;
import dev.vigil.session.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The facts an incident's own event does not hold but the rest of the log does, looked up when the
 * incident is explained (so they are as complete as the log, and never stored twice). Keys:
 *
 * <ul>
 *   <li>{@code TAMPERED}: {@code tampered_from_ip_last_hour}, how many other tampered tokens came
 *       from the same client address in the hour up to the incident (only when it had an address);
 *   <li>{@code TOKEN_REUSED}: {@code successor_generation}, and from the {@code session.rotated}
 *       event that handed it out: {@code exchanged_at}, {@code exchanged_ip}, {@code
 *       exchanged_user_agent}, the client that presented the reused generation when its rotation
 *       was due and received the successor in exchange (only when that event is found; it is not
 *       necessarily the first client that used the reused generation, nor the rightful one).
 * </ul>
 *
 * Other reasons have none.
 */
final class IncidentFindings {
  /** How far back a TAMPERED incident looks for other tampered tokens from the same address. */
  static final Duration TAMPERED_WINDOW = Duration.ofHours(1);

  /** The most rotation events read to find the one that handed out a successor. */
  private static final int MAX_ROTATIONS_READ = 10_000;

  private IncidentFindings() {}

  static Map<String, String> of(AuditLog log, Reason reason, Event e) {
    Map<String, String> found = new LinkedHashMap<>();
    switch (reason) {
      case TAMPERED -> e.client().ip().ifPresent(ip -> tampered(log, e, ip, found));
      case TOKEN_REUSED -> e.sessionId().ifPresent(s -> reused(log, e, s, found));
      case MALFORMED,
          KEY_RETIRED,
          UNKNOWN_SESSION,
          REVOKED,
          EXPIRED_ABSOLUTE,
          EXPIRED_IDLE,
          SUPERSEDED,
          CONTEXT_MISMATCH,
          FORBIDDEN,
          STEP_UP_REQUIRED,
          THROTTLED -> {}
    }
    return found;
  }

  private static void tampered(AuditLog log, Event e, IpAddress ip, Map<String, String> found) {
    // Up to and including the incident's instant (a burst shares milliseconds), less itself.
    long all =
        log.count(
            EventType.VERIFY_FAILED,
            Reason.TAMPERED.name(),
            ip,
            e.time().minus(TAMPERED_WINDOW),
            e.time().plusNanos(1));
    found.put("tampered_from_ip_last_hour", Long.toString(Math.max(0, all - 1)));
  }

  private static void reused(AuditLog log, Event e, SessionId session, Map<String, String> found) {
    long presented;
    try {
      presented = Long.parseLong(e.detail().getOrDefault("presented_generation", ""));
    } catch (NumberFormatException unrecorded) {
      return;
    }
    String successor = Long.toString(presented + 1);
    found.put("successor_generation", successor);
    rotation(log, session, successor, e.time())
        .ifPresent(
            r -> {
              found.put("exchanged_at", r.time().toString());
              r.client().ip().ifPresent(ip -> found.put("exchanged_ip", ip.text()));
              r.client().userAgent().ifPresent(ua -> found.put("exchanged_user_agent", ua));
            });
  }

  /** The {@code session.rotated} event of {@code session} that issued {@code generation}. */
  private static Optional<Event> rotation(
      AuditLog log, SessionId session, String generation, Instant until) {
    Optional<String> cursor = Optional.empty();
    int read = 0;
    do {
      EventPage page =
          log.query(
              new EventQuery(
                  Optional.empty(),
                  Optional.of(session),
                  Optional.of(EventType.SESSION_ROTATED),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.of(until.plusNanos(1)),
                  EventQuery.MAX_LIMIT,
                  cursor));
      for (Event r : page.events()) {
        if (generation.equals(r.detail().get("generation"))) {
          return Optional.of(r);
        }
      }
      read += page.events().size();
      cursor = page.nextCursor();
    } while (cursor.isPresent() && read < MAX_ROTATIONS_READ);
    return Optional.empty();
  }
}
