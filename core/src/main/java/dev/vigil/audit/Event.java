package dev.vigil.audit;

import dev.vigil.client.ClientContext;
import dev.vigil.id.EventId;
import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One entry of the audit log. {@code reason} is a verdict reason for refused tokens and a
 * revocation cause for revocations. {@code detail} holds further facts as text; it never holds a
 * token, a secret or a password.
 */
public record Event(
    EventId id,
    Instant time,
    EventType type,
    Optional<Subject> subject,
    Optional<SessionId> sessionId,
    Optional<String> reason,
    Optional<IncidentId> incident,
    ClientContext client,
    Map<String, String> detail) {

  public Event {
    detail = java.util.Collections.unmodifiableMap(new TreeMap<>(detail));
  }
}
