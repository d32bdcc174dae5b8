package dev.vigil.testkit;

import dev.vigil.audit.Event;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.id.EventId;
import dev.vigil.id.Subject;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Small factories of audit events for audit-log and chain tests. */
public final class TestEvents {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestEvents() {}

  /** A {@code session.created} event at {@code at} with no subject, session or data. */
  public static Event created(Instant at) {
    return created(at, Optional.empty(), Map.of());
  }

  /** A {@code session.created} event of {@code subject} at {@code at}, with no session or data. */
  public static Event created(Instant at, String subject) {
    return created(at, Optional.of(new Subject(subject)), Map.of());
  }

  /** A {@code session.created} event of {@code subject} at {@code at} carrying {@code data}. */
  public static Event created(Instant at, String subject, Map<String, String> data) {
    return created(at, Optional.of(new Subject(subject)), data);
  }

  private static Event created(Instant at, Optional<Subject> subject, Map<String, String> data) {
    return new Event(
        EventId.random(RANDOM),
        at,
        EventType.SESSION_CREATED,
        subject,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        ClientContext.UNKNOWN,
        data);
  }
}
