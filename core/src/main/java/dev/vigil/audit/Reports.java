package dev.vigil.audit;

import dev.vigil.client.ClientContext;
import dev.vigil.id.EventId;
import dev.vigil.id.IncidentId;
import dev.vigil.id.ReportId;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Files reports and changes their status. Filing also writes a {@code report.filed} event for the
 * report's subject and session (taken from the incident when only the incident is given), so the
 * report appears in the incident's timeline; each change of status writes a {@code
 * report.status_changed} event naming who made it (OWASP ASVS 5.0 16.2.1: who did what, when).
 * Thread-safe.
 */
public final class Reports {
  private final ReportStore store;
  private final AuditLog log;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public Reports(ReportStore store, AuditLog log, Clock clock) {
    this.store = store;
    this.log = log;
    this.clock = clock;
  }

  /** Files a report; an incident fills in the subject and session it names. */
  public Report file(
      Optional<Subject> subject,
      Optional<SessionId> session,
      Optional<IncidentId> incident,
      String category,
      String message) {
    Optional<Event> cause = incident.flatMap(log::findByIncident);
    Optional<Subject> who = subject.or(() -> cause.flatMap(Event::subject));
    Optional<SessionId> where = session.or(() -> cause.flatMap(Event::sessionId));
    Instant now = clock.instant();
    Report r =
        new Report(
            ReportId.random(random),
            now,
            who,
            where,
            incident,
            category,
            message,
            Report.Status.OPEN,
            now);
    store.insert(r);
    Map<String, String> detail = new java.util.TreeMap<>(Map.of("report", r.id().value()));
    incident.ifPresent(i -> detail.put("incident", i.value()));
    // The incident goes in the detail: the event's incident column names only the verdict's own
    // event.
    log.append(
        new Event(
            EventId.at(now, random),
            now,
            EventType.REPORT_FILED,
            who,
            where,
            Optional.of(category),
            Optional.empty(),
            ClientContext.UNKNOWN,
            detail));
    return r;
  }

  /** The report with this id. */
  public Optional<Report> find(ReportId id) {
    return store.find(id);
  }

  /**
   * Moves a report to {@code status} and records it: a {@code report.status_changed} event of the
   * report's subject and session, its reason the new status, its detail the report, the status it
   * had ({@code from}), the new one ({@code to}) and who moved it ({@code by}), written with the
   * change (one write where the store keeps the log). A report already at {@code status} is left as
   * it is, with no event. When another operator moves the report meanwhile, the move is made again
   * from what they left, so {@code from} is always the status it replaced (each try that fails is
   * another move that succeeded, so the tries end).
   *
   * @param by who moved it: an API key's name, or {@code admin:} and the operator's subject
   * @return the report as it now stands; empty if there is no such report
   * @throws dev.vigil.session.StoreUnavailableException when the store refuses; nothing changed
   */
  public Optional<Report> setStatus(ReportId id, Report.Status status, String by) {
    while (true) {
      Optional<Report> found = store.find(id);
      if (found.isEmpty() || found.get().status() == status) {
        return found;
      }
      Report r = found.get();
      Instant now = clock.instant();
      Report next = r.withStatus(status, now);
      Event moved =
          new Event(
              EventId.at(now, random),
              now,
              EventType.REPORT_STATUS_CHANGED,
              r.subject(),
              r.sessionId(),
              Optional.of(status.name()),
              Optional.empty(),
              ClientContext.UNKNOWN,
              Map.of(
                  "report", r.id().value(),
                  "from", r.status().name(),
                  "to", status.name(),
                  "by", by));
      if (store.update(r, next, log, moved)) {
        return Optional.of(next);
      }
    }
  }

  /** Reports newest first. */
  public List<Report> list(Optional<Report.Status> status, int limit) {
    return store.list(status, limit);
  }
}
