package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventPage;
import dev.vigil.audit.EventQuery;
import dev.vigil.audit.EventType;
import dev.vigil.id.EventId;
import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import dev.vigil.session.ClientContext;
import dev.vigil.session.IpAddress;
import dev.vigil.session.Subject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link AuditLog} must have; a store module subclasses it. */
public abstract class AuditLogContract {
  protected final MutableClock clock = MutableClock.standard();
  private final SecureRandom random = new SecureRandom();
  protected AuditLog log;

  /** An empty log; called before each test. */
  protected abstract AuditLog newLog() throws Exception;

  @BeforeEach
  void open() throws Exception {
    log = newLog();
  }

  @Test
  void append_thenFindByIncident_roundTripsEveryField() {
    Event e =
        new Event(
            EventId.random(random),
            clock.instant(),
            EventType.VERIFY_FAILED,
            Optional.of(new Subject("alice")),
            Optional.of(SessionId.random(random)),
            Optional.of("EXPIRED_IDLE"),
            Optional.of(IncidentId.random(random)),
            new ClientContext(IpAddress.parse("2001:db8::1"), Optional.of("curl/8")),
            Map.of("idle_timeout", "PT30M"));
    log.append(e);
    assertThat(log.findByIncident(e.incident().orElseThrow())).contains(e);
  }

  @Test
  void query_pagesNewestFirst_withoutGapsOrRepeats() {
    List<Event> written = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      written.add(event(EventType.SESSION_CREATED, "alice", Optional.empty()));
      clock.advance(Duration.ofSeconds(1));
    }
    List<Event> read = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      EventPage page =
          log.query(
              new EventQuery(
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  10,
                  cursor));
      read.addAll(page.events());
      cursor = page.nextCursor();
    } while (cursor.isPresent());
    assertThat(read).containsExactlyElementsOf(written.reversed());
  }

  @Test
  void query_filtersBySubjectTypeReasonAndTime() {
    event(EventType.SESSION_CREATED, "alice", Optional.empty());
    clock.advance(Duration.ofMinutes(1));
    Event hit = event(EventType.VERIFY_FAILED, "alice", Optional.of("TAMPERED"));
    event(EventType.VERIFY_FAILED, "bob", Optional.of("TAMPERED"));
    event(EventType.VERIFY_FAILED, "alice", Optional.of("EXPIRED_IDLE"));

    EventPage page =
        log.query(
            new EventQuery(
                Optional.of(new Subject("alice")),
                Optional.empty(),
                Optional.of(EventType.VERIFY_FAILED),
                Optional.of("TAMPERED"),
                Optional.of(hit.time()),
                Optional.of(hit.time().plusSeconds(1)),
                100,
                Optional.empty()));
    assertThat(page.events()).containsExactly(hit);
    assertThat(page.nextCursor()).isEmpty();
  }

  @Test
  void timeline_isOldestFirst_forOneSession() {
    SessionId sid = SessionId.random(random);
    Event first =
        append(
            new Event(
                EventId.random(random),
                clock.instant(),
                EventType.SESSION_CREATED,
                Optional.empty(),
                Optional.of(sid),
                Optional.empty(),
                Optional.empty(),
                ClientContext.UNKNOWN,
                Map.of()));
    event(EventType.SESSION_CREATED, "other", Optional.empty());
    clock.advance(Duration.ofSeconds(3));
    Event second =
        append(
            new Event(
                EventId.random(random),
                clock.instant(),
                EventType.SESSION_REVOKED,
                Optional.empty(),
                Optional.of(sid),
                Optional.of("LOGOUT"),
                Optional.empty(),
                ClientContext.UNKNOWN,
                Map.of("by", "app")));

    assertThat(log.timeline(sid, 100)).containsExactly(first, second);
  }

  @Test
  void verifyChain_onAnUntouchedLog_isIntactAndCountsEvents() {
    for (int i = 0; i < 5; i++) {
      event(EventType.SESSION_CREATED, "chained", Optional.empty());
    }
    assertThat(log.verifyChain())
        .isEqualTo(new dev.vigil.audit.EventChain.Check(true, 5, Optional.empty()));
  }

  @Test
  void count_isOneAddressesEventsOfOneTypeAndReason_fromInclusiveUntilExclusive() {
    IpAddress home = IpAddress.parse("203.0.113.9").orElseThrow();
    IpAddress other = IpAddress.parse("2001:db8::7").orElseThrow();
    Instant from = clock.instant();
    fromAddress(EventType.VERIFY_FAILED, "TAMPERED", home); // at from: counted
    clock.advance(Duration.ofMinutes(10));
    fromAddress(EventType.VERIFY_FAILED, "TAMPERED", home);
    fromAddress(EventType.VERIFY_FAILED, "TAMPERED", other);
    fromAddress(EventType.VERIFY_FAILED, "MALFORMED", home);
    fromAddress(EventType.SESSION_REVOKED, "TAMPERED", home);
    event(EventType.VERIFY_FAILED, "nobody", Optional.of("TAMPERED"));
    clock.advance(Duration.ofMinutes(10));
    Instant until = clock.instant();
    fromAddress(EventType.VERIFY_FAILED, "TAMPERED", home); // at until: not counted

    assertThat(log.count(EventType.VERIFY_FAILED, "TAMPERED", home, from, until)).isEqualTo(2);
    assertThat(log.count(EventType.VERIFY_FAILED, "TAMPERED", home, from, until.plusNanos(1)))
        .isEqualTo(3);
    assertThat(log.count(EventType.VERIFY_FAILED, "TAMPERED", home, from.plusNanos(1), until))
        .isEqualTo(1);
    assertThat(log.count(EventType.VERIFY_FAILED, "TAMPERED", other, from, until)).isEqualTo(1);
    assertThat(log.count(EventType.VERIFY_FAILED, "MALFORMED", home, from, until)).isEqualTo(1);
    assertThat(log.count(EventType.SESSION_REVOKED, "TAMPERED", home, from, until)).isEqualTo(1);
    assertThat(log.count(EventType.VERIFY_FAILED, "EXPIRED_IDLE", home, from, until)).isZero();
  }

  @Test
  void count_matchesTheAddressExactly_notItsNetwork() {
    IpAddress one = IpAddress.parse("198.51.100.7").orElseThrow();
    IpAddress neighbour = IpAddress.parse("198.51.100.8").orElseThrow();
    Instant from = clock.instant();
    fromAddress(EventType.VERIFY_FAILED, "TAMPERED", neighbour);
    assertThat(log.count(EventType.VERIFY_FAILED, "TAMPERED", one, from, from.plusSeconds(1)))
        .isZero();
  }

  private void fromAddress(EventType type, String reason, IpAddress ip) {
    append(
        new Event(
            EventId.random(random),
            clock.instant(),
            type,
            Optional.empty(),
            Optional.empty(),
            Optional.of(reason),
            Optional.empty(),
            new ClientContext(Optional.of(ip), Optional.of("curl/8")),
            Map.of()));
  }

  private Event event(EventType type, String subject, Optional<String> reason) {
    return append(
        new Event(
            EventId.random(random),
            clock.instant(),
            type,
            Optional.of(new Subject(subject)),
            Optional.empty(),
            reason,
            Optional.empty(),
            ClientContext.UNKNOWN,
            Map.of()));
  }

  private Event append(Event e) {
    log.append(e);
    return e;
  }
}
