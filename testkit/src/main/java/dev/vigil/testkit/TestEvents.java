package dev.vigil.testkit;

import dev.vigil.audit.Event;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.id.EventId;
import dev.vigil.id.Subject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * {@code count} refused verifications ({@code verify.failed}, reason {@code TAMPERED}) of
   * subjects {@code user-0}, {@code user-1}, ..., each with {@code n} = its index in its data, one
   * second apart from {@code clock}'s time, which each advances: a log for chain tests to append
   * and then edit.
   */
  public static List<Event> refusals(MutableClock clock, int count) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(
          new Event(
              EventId.random(RANDOM),
              clock.instant(),
              EventType.VERIFY_FAILED,
              Optional.of(new Subject("user-" + i)),
              Optional.empty(),
              Optional.of("TAMPERED"),
              Optional.empty(),
              ClientContext.UNKNOWN,
              Map.of("n", Integer.toString(i))));
      clock.advance(Duration.ofSeconds(1));
    }
    return events;
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
