package dev.vigil.testkit;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.ChainAnchor;
import dev.vigil.audit.ChainVerifier;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventChain;
import dev.vigil.audit.EventFeed;
import dev.vigil.audit.EventPage;
import dev.vigil.audit.EventQuery;
import dev.vigil.audit.EventType;
import dev.vigil.audit.InvalidStats;
import dev.vigil.audit.InvalidStatsTally;
import dev.vigil.audit.StatsDimension;
import dev.vigil.client.IpAddress;
import dev.vigil.id.EventId;
import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@link AuditLog} in a list, for tests and benchmarks. The event at index {@code i} has the
 * sequence number {@code pruned + i + 1}, where {@code pruned} is the anchor's sequence number.
 * Cursors are sequence numbers, as in the SQLite log. Synchronized.
 */
public final class InMemoryAuditLog implements AuditLog, EventFeed {
  private final SecureRandom random = new SecureRandom();
  private final List<Event> events = new ArrayList<>();
  private final List<String> links = new ArrayList<>();
  private Optional<ChainAnchor> anchor = Optional.empty();

  @Override
  public synchronized void append(Event event) {
    String previous =
        links.isEmpty()
            ? anchor.map(ChainAnchor::link).orElse(EventChain.GENESIS)
            : links.getLast();
    links.add(EventChain.link(previous, event));
    events.add(event);
  }

  @Override
  public synchronized EventChain.Check verifyChain() {
    ChainVerifier verifier = new ChainVerifier(anchor);
    for (int i = 0; i < events.size(); i++) {
      if (!verifier.next(seq(i), events.get(i), Optional.of(links.get(i)))) {
        break;
      }
    }
    return verifier.result();
  }

  /** Every event so far, oldest first. */
  public synchronized List<Event> all() {
    return List.copyOf(events);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the cursor is not a sequence number
   */
  @Override
  public synchronized EventPage query(EventQuery q) {
    long before = q.cursor().map(InMemoryAuditLog::cursor).orElse(Long.MAX_VALUE);
    List<Event> page = new ArrayList<>();
    int i = (int) Math.min(events.size() - 1L, before - base() - 2);
    long last = 0;
    for (; i >= 0 && page.size() < q.limit(); i--) {
      Event e = events.get(i);
      if (q.subject().map(s -> e.subject().equals(Optional.of(s))).orElse(true)
          && q.sessionId().map(s -> e.sessionId().equals(Optional.of(s))).orElse(true)
          && q.type().map(t -> e.type() == t).orElse(true)
          && q.reason().map(r -> e.reason().equals(Optional.of(r))).orElse(true)
          && q.since().map(t -> !e.time().isBefore(t)).orElse(true)
          && q.until().map(t -> e.time().isBefore(t)).orElse(true)) {
        page.add(e);
        last = seq(i);
      }
    }
    return new EventPage(
        page,
        page.size() == q.limit() && i >= 0 ? Optional.of(Long.toString(last)) : Optional.empty());
  }

  @Override
  public synchronized Optional<Event> findByIncident(IncidentId incident) {
    return events.stream().filter(e -> e.incident().equals(Optional.of(incident))).findFirst();
  }

  @Override
  public synchronized List<Event> timeline(SessionId session, int limit) {
    return events.stream()
        .filter(e -> e.sessionId().equals(Optional.of(session)))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized long count(
      EventType type, String reason, IpAddress ip, Instant from, Instant until) {
    return events.stream()
        .filter(
            e ->
                e.type() == type
                    && e.reason().equals(Optional.of(reason))
                    && e.client().ip().equals(Optional.of(ip))
                    && !e.time().isBefore(from)
                    && e.time().isBefore(until))
        .count();
  }

  @Override
  public synchronized InvalidStats invalidStats(
      Instant from,
      Instant until,
      int buckets,
      StatsDimension by,
      java.util.function.UnaryOperator<String> refine) {
    InvalidStatsTally tally = new InvalidStatsTally(from, until, buckets, by, refine);
    for (Event e : events) {
      if (e.type() == EventType.VERIFY_FAILED
          && !e.time().isBefore(from)
          && e.time().isBefore(until)) {
        tally.add(by.field(e), tally.bucketOf(e.time()), 1);
      }
    }
    return tally.result();
  }

  @Override
  public synchronized int pruneBefore(Instant cutoff, int batch, Instant now) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be positive, was " + batch);
    }
    int n = 0;
    Instant through = Instant.MIN;
    while (n < batch && n < events.size() && events.get(n).time().isBefore(cutoff)) {
      through = events.get(n).time().isAfter(through) ? events.get(n).time() : through;
      n++;
    }
    if (n == 0) {
      return 0;
    }
    ChainAnchor next =
        new ChainAnchor(
            seq(n - 1),
            links.get(n - 1),
            anchor.map(ChainAnchor::pruned).orElse(0L) + n,
            through,
            now);
    events.subList(0, n).clear();
    links.subList(0, n).clear();
    anchor = Optional.of(next);
    append(next.event(EventId.random(random), n, cutoff));
    return n;
  }

  @Override
  public synchronized Page after(long seq, int limit, java.util.Set<EventType> types) {
    int from = (int) Math.max(0, Math.min(events.size(), seq - base()));
    int to = (int) Math.min(events.size(), (long) from + limit);
    if (from >= to) {
      return new Page(List.of(), seq, false);
    }
    List<Sequenced> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      if (types.isEmpty() || types.contains(events.get(i).type())) {
        out.add(new Sequenced(seq(i), events.get(i)));
      }
    }
    return new Page(out, seq(to - 1), to - from >= limit);
  }

  @Override
  public synchronized long lastSeq() {
    return events.isEmpty() ? base() : seq(events.size() - 1);
  }

  @Override
  public void forEachSince(Instant since, java.util.function.Consumer<Event> sink) {
    for (Event e : all()) {
      if (!e.time().isBefore(since)) {
        sink.accept(e);
      }
    }
  }

  @Override
  public synchronized Checkpoint checkpoint() {
    return new Checkpoint(
        events.size(),
        anchor.map(ChainAnchor::pruned).orElse(0L),
        links.isEmpty()
            ? anchor.map(ChainAnchor::link).orElse(EventChain.GENESIS)
            : links.getLast());
  }

  private long base() {
    return anchor.map(ChainAnchor::seq).orElse(0L);
  }

  private long seq(int index) {
    return base() + index + 1;
  }

  private static long cursor(String text) {
    if (!text.matches("[0-9]{1,18}")) {
      throw new IllegalArgumentException("cursor is not one this log handed out");
    }
    return Long.parseLong(text);
  }
}
