package dev.vigil.incident;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.Event;
import dev.vigil.client.ClientFamily;
import dev.vigil.client.UserAgents;
import dev.vigil.id.IncidentId;
import dev.vigil.session.Reason;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.VerdictMessages;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns the event of an invalid verdict, and the timeline of its session, into an {@link Incident}
 * whose cause a support person can read to the user: what happened, when, from where (address and
 * browser family), and what Vigil did about it. Only facts recorded in the log are used: the
 * incident's own event, and for some reasons other events looked up at explain time ({@link
 * IncidentFindings}): for {@code TOKEN_REUSED} the rotation that exchanged the reused generation
 * for its successor and with which client; for {@code TAMPERED} how many other tampered tokens came
 * from the same address in the hour before.
 *
 * <p>Thread-safe when its {@link AuditLog} and {@link UserAgents} are. {@link #explain} waits for
 * the user agent analyzer if it is still loading.
 */
public final class IncidentExplainer {
  /** The most timeline events included. */
  public static final int TIMELINE_LIMIT = 200;

  private final AuditLog log;
  private final UserAgents agents;

  public IncidentExplainer(AuditLog log, UserAgents agents) {
    this.log = log;
    this.agents = agents;
  }

  /** The incident with this id, if it was recorded. */
  public Optional<Incident> explain(IncidentId id) {
    return log.findByIncident(id).map(this::explain);
  }

  private Incident explain(Event e) {
    Reason reason = Reason.valueOf(e.reason().orElseThrow());
    List<Event> timeline =
        e.sessionId().map(s -> log.timeline(s, TIMELINE_LIMIT)).orElse(List.of());
    Map<String, String> findings = IncidentFindings.of(log, reason, e);
    Map<String, ClientFamily> families = families(e, timeline, findings);
    return new Incident(
        e,
        reason,
        reason.action(),
        VerdictMessages.of(reason, facts(reason, e.detail())),
        timeline,
        new RootCause(e, findings, families).text(reason),
        findings,
        families);
  }

  /** The family of every user agent the incident shows, each analysed once. */
  private Map<String, ClientFamily> families(
      Event e, List<Event> timeline, Map<String, String> findings) {
    Map<String, ClientFamily> out = new HashMap<>();
    Stream.of(
            Stream.of(e).flatMap(x -> x.client().userAgent().stream()),
            timeline.stream().flatMap(t -> t.client().userAgent().stream()),
            userAgents(e.detail()),
            userAgents(findings))
        .flatMap(s -> s)
        .forEach(ua -> out.computeIfAbsent(ua, agents::family));
    return out;
  }

  private static Stream<String> userAgents(Map<String, String> facts) {
    return facts.entrySet().stream()
        .filter(f -> f.getKey().endsWith(Incident.USER_AGENT_KEY))
        .map(Map.Entry::getValue);
  }

  private static VerdictMessages.Facts facts(Reason reason, Map<String, String> d) {
    Duration timeout =
        switch (reason) {
          case EXPIRED_IDLE -> RootCause.duration(d, "idle_timeout");
          case EXPIRED_ABSOLUTE -> RootCause.duration(d, "absolute_timeout");
          default -> Duration.ZERO;
        };
    RevocationCause cause =
        Optional.ofNullable(d.get("cause"))
            .map(RevocationCause::valueOf)
            .orElse(RevocationCause.ADMIN);
    List<String> missing =
        Optional.ofNullable(d.get("missing")).map(m -> List.of(m.split(","))).orElse(List.of());
    return new VerdictMessages.Facts(timeout, cause, missing);
  }
}
