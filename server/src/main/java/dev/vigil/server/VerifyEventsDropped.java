package dev.vigil.server;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventChain;
import dev.vigil.audit.EventPage;
import dev.vigil.audit.EventQuery;
import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import java.util.List;
import java.util.Optional;

/**
 * An audit log that drops what {@link AuditLog#appendSoon} is given (the events of verifications)
 * and passes everything else on: only for the benchmark that measures what those events cost.
 */
final class VerifyEventsDropped implements AuditLog {
  private final AuditLog log;

  VerifyEventsDropped(AuditLog log) {
    this.log = log;
  }

  @Override
  public void append(Event event) {
    log.append(event);
  }

  @Override
  public void appendSoon(Event event) {
    // dropped: this is the cost being measured
  }

  @Override
  public EventPage query(EventQuery query) {
    return log.query(query);
  }

  @Override
  public Optional<Event> findByIncident(IncidentId incident) {
    return log.findByIncident(incident);
  }

  @Override
  public EventChain.Check verifyChain() {
    return log.verifyChain();
  }

  @Override
  public EventChain.Check verifyChain(double share) {
    return log.verifyChain(share);
  }

  @Override
  public EventChain.Check verifyChain(dev.vigil.audit.ChainVerifier verifier, double share) {
    return log.verifyChain(verifier, share);
  }

  @Override
  public long count(
      dev.vigil.audit.EventType type,
      String reason,
      dev.vigil.client.IpAddress ip,
      java.time.Instant from,
      java.time.Instant until) {
    return log.count(type, reason, ip, from, until);
  }

  @Override
  public dev.vigil.audit.InvalidStats invalidStats(
      java.time.Instant from,
      java.time.Instant until,
      int buckets,
      dev.vigil.audit.StatsDimension by,
      java.util.function.UnaryOperator<String> refine) {
    return log.invalidStats(from, until, buckets, by, refine);
  }

  @Override
  public int pruneBefore(java.time.Instant cutoff, int batch, java.time.Instant now) {
    return log.pruneBefore(cutoff, batch, now);
  }

  @Override
  public List<Event> timeline(SessionId session, int limit) {
    return log.timeline(session, limit);
  }
}
