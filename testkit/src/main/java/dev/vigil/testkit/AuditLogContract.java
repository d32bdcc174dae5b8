package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.ChainAnchor;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventChain;
import dev.vigil.audit.EventPage;
import dev.vigil.audit.EventQuery;
import dev.vigil.audit.EventType;
import dev.vigil.audit.InvalidStats;
import dev.vigil.audit.InvalidStats.Series;
import dev.vigil.audit.StatsDimension;
import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
import dev.vigil.id.EventId;
import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
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
        .isEqualTo(new EventChain.Check(true, 5, Optional.empty(), Optional.empty()));
  }

  // Statistics of refused verifications.

  @Test
  void invalidStats_countsRefusalsPerReasonAndBucket_withinTheWindowOnly() {
    Instant from = clock.instant();
    Instant until = from.plus(Duration.ofHours(1));
    refused(from.minusNanos(1), "EXPIRED_IDLE", "early", ClientContext.UNKNOWN);
    refused(from, "EXPIRED_IDLE", "a", ClientContext.UNKNOWN);
    refused(from.plusMillis(59_999), "TAMPERED", "b", ClientContext.UNKNOWN);
    refused(from.plusSeconds(60), "EXPIRED_IDLE", "c", ClientContext.UNKNOWN);
    event(EventType.SESSION_CREATED, "d", Optional.empty());
    refused(until.minusNanos(1), "EXPIRED_IDLE", "e", ClientContext.UNKNOWN);
    refused(until, "EXPIRED_IDLE", "late", ClientContext.UNKNOWN);

    InvalidStats stats = log.invalidStats(from, until, 60, StatsDimension.REASON);

    assertThat(stats.total()).isEqualTo(4);
    assertThat(stats.bucket()).isEqualTo(Duration.ofMinutes(1));
    assertThat(stats.series()).extracting(Series::key).containsExactly("EXPIRED_IDLE", "TAMPERED");
    assertThat(stats.series()).extracting(Series::total).containsExactly(3L, 1L);
    assertThat(stats.series().get(0).counts()).hasSize(60);
    assertThat(nonZero(stats.series().get(0)))
        .containsExactly(Map.entry(0, 1L), Map.entry(1, 1L), Map.entry(59, 1L));
    assertThat(nonZero(stats.series().get(1))).containsExactly(Map.entry(0, 1L));
  }

  @Test
  void invalidStats_unevenBuckets_edgesRoundedUpToTheNanosecond() {
    Instant from = clock.instant();
    // a minute in 7 buckets: the first edge is at 60/7 s = 8.571428571428... s
    refused(from.plusNanos(8_571_428_571L), "TAMPERED", "a", ClientContext.UNKNOWN);
    refused(from.plusNanos(8_571_428_572L), "TAMPERED", "b", ClientContext.UNKNOWN);

    InvalidStats stats =
        log.invalidStats(from, from.plus(Duration.ofMinutes(1)), 7, StatsDimension.REASON);

    assertThat(stats.series().getFirst().counts()).containsExactly(1L, 1L, 0L, 0L, 0L, 0L, 0L);
  }

  @Test
  void invalidStats_bySubjectIpAndClient_noneForMissing_userAgentsCutTo200() {
    Instant from = clock.instant();
    String longUa = "Mozilla/5.0 ".repeat(20);
    ClientContext one =
        new ClientContext(IpAddress.parse("2001:db8::1"), Optional.of(longUa + "A"));
    ClientContext two =
        new ClientContext(IpAddress.parse("2001:db8::1"), Optional.of(longUa + "B"));
    refused(from, "TAMPERED", "alice", one);
    refused(from, "TAMPERED", "alice", two);
    refused(from, "MALFORMED", Optional.empty(), ClientContext.UNKNOWN);
    Instant until = from.plusSeconds(60);

    assertThat(keysAndTotals(log.invalidStats(from, until, 1, StatsDimension.SUBJECT)))
        .containsExactly(Map.entry("alice", 2L), Map.entry(StatsDimension.NONE, 1L));
    assertThat(keysAndTotals(log.invalidStats(from, until, 1, StatsDimension.IP)))
        .containsExactly(
            Map.entry(one.ip().orElseThrow().text(), 2L), Map.entry(StatsDimension.NONE, 1L));
    assertThat(keysAndTotals(log.invalidStats(from, until, 1, StatsDimension.CLIENT)))
        .containsExactly(
            Map.entry(longUa.substring(0, StatsDimension.CLIENT_KEY_MAX), 2L),
            Map.entry(StatsDimension.NONE, 1L));
  }

  @Test
  void invalidStats_refinedKeys_mergeBeforeCounting_absentStaysNone() {
    Instant from = clock.instant();
    for (String ua : new String[] {"Firefox/127", "Firefox/128", "Chrome/131"}) {
      refused(
          from,
          "TAMPERED",
          Optional.empty(),
          new ClientContext(IpAddress.parse("192.0.2.1"), Optional.of(ua)));
    }
    refused(from, "MALFORMED", Optional.empty(), ClientContext.UNKNOWN);
    InvalidStats stats =
        log.invalidStats(
            from,
            from.plusSeconds(60),
            1,
            StatsDimension.CLIENT,
            ua -> ua.substring(0, ua.indexOf('/')));
    assertThat(keysAndTotals(stats))
        .containsExactly(
            Map.entry("Firefox", 2L), Map.entry("(none)", 1L), Map.entry("Chrome", 1L));
  }

  @Test
  void invalidStats_keepsTheTop20_thenOneOtherSeriesSummingTheRest() {
    Instant from = clock.instant();
    for (int i = 0; i < 3; i++) {
      refused(from, "TAMPERED", "s00", ClientContext.UNKNOWN);
    }
    refused(from, "TAMPERED", "s01", ClientContext.UNKNOWN);
    refused(from, "TAMPERED", "s01", ClientContext.UNKNOWN);
    for (int i = 2; i < 22; i++) {
      refused(from.plusSeconds(i), "TAMPERED", String.format("s%02d", i), ClientContext.UNKNOWN);
    }

    InvalidStats stats =
        log.invalidStats(from, from.plus(Duration.ofMinutes(1)), 2, StatsDimension.SUBJECT);

    assertThat(stats.total()).isEqualTo(25);
    assertThat(stats.series()).hasSize(InvalidStats.TOP + 1);
    assertThat(stats.series().subList(0, 3))
        .extracting(Series::key)
        .containsExactly("s00", "s01", "s02");
    assertThat(stats.series().get(InvalidStats.TOP - 1).key()).isEqualTo("s19");
    Series other = stats.series().getLast();
    assertThat(other.key()).isEqualTo(InvalidStats.OTHER);
    assertThat(other.total()).isEqualTo(2);
    assertThat(other.counts()).containsExactly(2L, 0L);
  }

  @Test
  void invalidStats_emptyWindow_hasNoSeries_andBadWindowsAreRefused() {
    Instant from = clock.instant();
    assertThat(log.invalidStats(from, from.plusSeconds(60), 60, StatsDimension.IP).series())
        .isEmpty();
    assertThatThrownBy(() -> log.invalidStats(from, from, 1, StatsDimension.IP))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.invalidStats(from, from.plusSeconds(60), 0, StatsDimension.IP))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> log.invalidStats(from, from.plus(Duration.ofDays(32)), 1, StatsDimension.IP))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // Pruning under the audit retention.

  @Test
  void pruneBefore_removesTheOldRunAtTheHead_recordsItInTheChain_andTheChainVerifies() {
    Instant start = clock.instant();
    List<Event> written = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      written.add(event(EventType.SESSION_CREATED, "old-" + i, Optional.empty()));
      clock.advance(Duration.ofMinutes(1));
    }
    Instant cutoff = start.plus(Duration.ofMinutes(5));
    Instant now = clock.instant();

    assertThat(log.pruneBefore(cutoff, 100, now)).isEqualTo(5);

    EventChain.Check check = log.verifyChain();
    assertThat(check.intact()).as("%s", check).isTrue();
    assertThat(check.events()).isEqualTo(4);
    assertThat(check.pruned()).isEqualTo(5);
    ChainAnchor anchor = check.anchor().orElseThrow();
    assertThat(anchor.seq()).isEqualTo(5);
    assertThat(anchor.through()).isEqualTo(written.get(4).time());
    assertThat(anchor.at()).isEqualTo(now);
    List<Event> left = log.query(EventQuery.all(100)).events();
    assertThat(left.subList(1, 4)).containsExactlyElementsOf(written.subList(5, 8).reversed());
    Event pruned = left.getFirst();
    assertThat(pruned.type()).isEqualTo(EventType.AUDIT_PRUNED);
    assertThat(pruned.time()).isEqualTo(now);
    assertThat(pruned.detail())
        .containsEntry("removed", "5")
        .containsEntry("cutoff", cutoff.toString())
        .containsEntry("through", written.get(4).time().toString())
        .containsEntry("anchor_seq", "5")
        .containsEntry("anchor_link", anchor.link())
        .containsEntry("pruned_total", "5");
    assertThat(anchor.isNamedBy(pruned)).isTrue();
  }

  @Test
  void pruneBefore_inBatches_eachLeavingAnAuditPrunedEvent_andLaterAppendsStillChain() {
    for (int i = 0; i < 7; i++) {
      event(EventType.SESSION_CREATED, "old-" + i, Optional.empty());
    }
    clock.advance(Duration.ofDays(2));
    Instant cutoff = clock.instant().minus(Duration.ofDays(1));

    assertThat(log.pruneBefore(cutoff, 3, clock.instant())).isEqualTo(3);
    assertThat(log.pruneBefore(cutoff, 3, clock.instant())).isEqualTo(3);
    assertThat(log.pruneBefore(cutoff, 3, clock.instant())).isEqualTo(1);
    assertThat(log.pruneBefore(cutoff, 3, clock.instant())).isZero();
    event(EventType.SESSION_CREATED, "new", Optional.empty());

    EventChain.Check check = log.verifyChain();
    assertThat(check.intact()).as("%s", check).isTrue();
    assertThat(check.events()).isEqualTo(4);
    assertThat(check.pruned()).isEqualTo(7);
    assertThat(check.anchor().orElseThrow().seq()).isEqualTo(7);
    assertThat(log.query(EventQuery.all(100)).events())
        .extracting(Event::type)
        .containsExactly(
            EventType.SESSION_CREATED,
            EventType.AUDIT_PRUNED,
            EventType.AUDIT_PRUNED,
            EventType.AUDIT_PRUNED);
  }

  @Test
  void pruneBefore_stopsAtTheFirstEventNotOlderThanTheCutoff() {
    Instant start = clock.instant();
    Event first = event(EventType.SESSION_CREATED, "a", Optional.empty());
    clock.advance(Duration.ofHours(2));
    Event recent = event(EventType.SESSION_CREATED, "b", Optional.empty());
    Event backdated =
        append(
            new Event(
                EventId.random(random),
                start,
                EventType.SESSION_CREATED,
                Optional.of(new Subject("c")),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                ClientContext.UNKNOWN,
                Map.of()));

    assertThat(log.pruneBefore(start.plus(Duration.ofHours(1)), 100, clock.instant())).isEqualTo(1);

    assertThat(log.query(EventQuery.all(100)).events())
        .doesNotContain(first)
        .contains(recent, backdated);
    assertThat(log.verifyChain().intact()).isTrue();
  }

  @Test
  void pruneBefore_twice_overAnEarlierAuditPrunedEvent_andEverything_stillVerifies() {
    event(EventType.SESSION_CREATED, "a", Optional.empty());
    clock.advance(Duration.ofDays(1));
    assertThat(log.pruneBefore(clock.instant(), 10, clock.instant())).isEqualTo(1);
    clock.advance(Duration.ofDays(1));
    // removes the first audit.pruned event: the log then holds only the second one
    assertThat(log.pruneBefore(clock.instant(), 10, clock.instant())).isEqualTo(1);
    event(EventType.SESSION_CREATED, "b", Optional.empty());

    EventChain.Check check = log.verifyChain();
    assertThat(check)
        .extracting(EventChain.Check::intact, EventChain.Check::events)
        .containsExactly(true, 2L);
    assertThat(check.pruned()).isEqualTo(2);
    assertThat(check.anchor().orElseThrow().seq()).isEqualTo(2);
  }

  @Test
  void pruneBefore_withNothingOldEnough_writesNothing() {
    event(EventType.SESSION_CREATED, "a", Optional.empty());
    assertThat(log.pruneBefore(clock.instant().minusSeconds(1), 10, clock.instant())).isZero();
    assertThat(log.verifyChain())
        .isEqualTo(new EventChain.Check(true, 1, Optional.empty(), Optional.empty()));
    assertThatThrownBy(() -> log.pruneBefore(clock.instant(), 0, clock.instant()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void query_cursorsStayValidAcrossAPruning() {
    for (int i = 0; i < 6; i++) {
      event(EventType.SESSION_CREATED, "p" + i, Optional.empty());
      clock.advance(Duration.ofSeconds(1));
    }
    EventPage first = log.query(EventQuery.all(2));
    log.pruneBefore(clock.instant().minusSeconds(4), 10, clock.instant());
    EventPage second =
        log.query(
            new EventQuery(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                2,
                first.nextCursor()));
    assertThat(second.events())
        .extracting(e -> e.subject().orElseThrow().value())
        .containsExactly("p3", "p2");
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

  private void refused(Instant at, String reason, String subject, ClientContext client) {
    refused(at, reason, Optional.of(subject), client);
  }

  private void refused(Instant at, String reason, Optional<String> subject, ClientContext client) {
    append(
        new Event(
            EventId.random(random),
            at,
            EventType.VERIFY_FAILED,
            subject.map(Subject::new),
            Optional.empty(),
            Optional.of(reason),
            Optional.of(IncidentId.random(random)),
            client,
            Map.of()));
  }

  private static Map<Integer, Long> nonZero(Series s) {
    Map<Integer, Long> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < s.counts().size(); i++) {
      if (s.counts().get(i) != 0) {
        m.put(i, s.counts().get(i));
      }
    }
    return m;
  }

  private static Map<String, Long> keysAndTotals(InvalidStats stats) {
    Map<String, Long> m = new java.util.LinkedHashMap<>();
    stats.series().forEach(s -> m.put(s.key(), s.total()));
    return m;
  }

  private Event append(Event e) {
    log.append(e);
    return e;
  }
}
