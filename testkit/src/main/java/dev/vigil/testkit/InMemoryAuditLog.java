package dev.vigil.testkit;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventPage;
import dev.vigil.audit.EventQuery;
import dev.vigil.audit.EventType;
import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import dev.vigil.session.IpAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An {@link AuditLog} in a list, for tests and benchmarks. Synchronized. */
public final class InMemoryAuditLog implements AuditLog {
  private final List<Event> events = new ArrayList<>();

  private final List<String> links = new ArrayList<>();

  @Override
  public synchronized void append(Event event) {
    links.add(
        dev.vigil.audit.EventChain.link(
            links.isEmpty() ? dev.vigil.audit.EventChain.GENESIS : links.getLast(), event));
    events.add(event);
  }

  @Override
  public synchronized dev.vigil.audit.EventChain.Check verifyChain() {
    String previous = dev.vigil.audit.EventChain.GENESIS;
    for (int i = 0; i < events.size(); i++) {
      previous = dev.vigil.audit.EventChain.link(previous, events.get(i));
      if (!previous.equals(links.get(i))) {
        return new dev.vigil.audit.EventChain.Check(
            false, events.size(), Optional.of(events.get(i).id()));
      }
    }
    return new dev.vigil.audit.EventChain.Check(true, events.size(), Optional.empty());
  }

  /** Every event so far, oldest first. */
  public synchronized List<Event> all() {
    return List.copyOf(events);
  }

  @Override
  public synchronized EventPage query(EventQuery q) {
    int start = q.cursor().map(Integer::parseInt).orElse(events.size());
    List<Event> page = new ArrayList<>();
    int i = start - 1;
    for (; i >= 0 && page.size() < q.limit(); i--) {
      Event e = events.get(i);
      if (q.subject().map(s -> e.subject().equals(Optional.of(s))).orElse(true)
          && q.sessionId().map(s -> e.sessionId().equals(Optional.of(s))).orElse(true)
          && q.type().map(t -> e.type() == t).orElse(true)
          && q.reason().map(r -> e.reason().equals(Optional.of(r))).orElse(true)
          && q.since().map(t -> !e.time().isBefore(t)).orElse(true)
          && q.until().map(t -> e.time().isBefore(t)).orElse(true)) {
        page.add(e);
      }
    }
    return new EventPage(
        page,
        page.size() == q.limit() && i >= 0
            ? Optional.of(Integer.toString(i + 1))
            : Optional.empty());
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
}
