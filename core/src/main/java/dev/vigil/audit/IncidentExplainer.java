package dev.vigil.audit;

import dev.vigil.id.IncidentId;
import dev.vigil.session.Reason;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.VerdictMessages;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the event of an invalid verdict, and the timeline of its session, into an {@link Incident}
 * whose cause a support person can read to the user: what happened, when, from where, and what
 * Vigil did about it. Only facts recorded in the events are used.
 */
public final class IncidentExplainer {
  /** The most timeline events included. */
  public static final int TIMELINE_LIMIT = 200;

  private final AuditLog log;

  public IncidentExplainer(AuditLog log) {
    this.log = log;
  }

  /** The incident with this id, if it was recorded. */
  public Optional<Incident> explain(IncidentId id) {
    return log.findByIncident(id).map(this::explain);
  }

  private Incident explain(Event e) {
    Reason reason = Reason.valueOf(e.reason().orElseThrow());
    List<Event> timeline =
        e.sessionId().map(s -> log.timeline(s, TIMELINE_LIMIT)).orElse(List.of());
    Map<String, String> d = e.detail();
    return new Incident(
        e,
        reason,
        reason.action(),
        VerdictMessages.of(reason, facts(reason, d)),
        timeline,
        cause(reason, e, d));
  }

  private static VerdictMessages.Facts facts(Reason reason, Map<String, String> d) {
    Duration timeout =
        switch (reason) {
          case EXPIRED_IDLE -> duration(d, "idle_timeout");
          case EXPIRED_ABSOLUTE -> duration(d, "absolute_timeout");
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

  private static String cause(Reason reason, Event e, Map<String, String> d) {
    String when = e.time().toString();
    String from = from(e);
    String session = e.sessionId().map(s -> "session " + s).orElse("the session");
    String subject = e.subject().map(s -> " of " + s).orElse("");
    return switch (reason) {
      case MALFORMED ->
          "At "
              + when
              + " a request"
              + from
              + " presented something that is not a Vigil token ("
              + d.getOrDefault("malformed", "bad form")
              + "). This usually means a truncated cookie, a copy-and-paste error or a"
              + " client sending another value in its place. No session can be identified from it.";
      case TAMPERED ->
          "At "
              + when
              + " a token presented"
              + from
              + " failed the integrity check ("
              + d.getOrDefault("tampered", "MAC mismatch")
              + "). A character was altered in transit or storage, or the token was"
              + " forged. No session was affected.";
      case KEY_RETIRED ->
          "At "
              + when
              + " an authentic token"
              + from
              + " was refused because its signing key "
              + d.getOrDefault("key", "?")
              + " was retired longer ago than the configured overlap. The person must sign in again.";
      case UNKNOWN_SESSION ->
          "At "
              + when
              + " an authentic token for "
              + d.getOrDefault("session_id", "a session")
              + " was presented"
              + from
              + ", but that session is no longer stored: ended sessions are purged after the"
              + " retention period, or the token belongs to another deployment.";
      case REVOKED ->
          capital(session)
              + subject
              + " was ended at "
              + d.getOrDefault("revoked_at", "?")
              + " by "
              + d.getOrDefault("by", "?")
              + " (cause "
              + d.getOrDefault("cause", "?")
              + "), and its token was presented again at "
              + when
              + from
              + ".";
      case EXPIRED_ABSOLUTE ->
          capital(session)
              + subject
              + " was created at "
              + d.getOrDefault("created_at", "?")
              + " and reached its absolute lifetime of "
              + human(d, "absolute_timeout")
              + "; it was presented at "
              + when
              + from
              + ".";
      case EXPIRED_IDLE -> idle(session + subject, when, from, d);
      case SUPERSEDED ->
          capital(session)
              + subject
              + " was rotated explicitly (a privilege change); the token presented at "
              + when
              + from
              + " was generation "
              + d.getOrDefault("generation", "?")
              + ", replaced by generation "
              + d.getOrDefault("superseded_below", "?")
              + ".";
      case TOKEN_REUSED ->
          "Two clients held copies of "
              + session
              + subject
              + ". Generation "
              + d.getOrDefault("presented_generation", "?")
              + " of its token was presented at "
              + when
              + from
              + " after generation "
              + d.getOrDefault("current_generation", "?")
              + " (issued at "
              + d.getOrDefault("current_issued_at", "?")
              + ") was already in use, outside the "
              + human(d, "rotation_grace")
              + " grace window. The session had been opened from "
              + d.getOrDefault("session_ip", "an unknown address")
              + " with "
              + d.getOrDefault("session_user_agent", "an unknown browser")
              + ". Vigil ended the whole session (THEFT_SUSPECTED) to protect the account.";
      case CONTEXT_MISMATCH ->
          capital(session)
              + subject
              + " is bound to the network "
              + d.getOrDefault("bound_network", "?")
              + " and its browser; at "
              + when
              + " it was presented from network "
              + d.getOrDefault("presented_network", "?")
              + (Boolean.parseBoolean(d.getOrDefault("user_agent_matches", "true"))
                  ? " with the same browser."
                  : " with another browser.");
      case FORBIDDEN ->
          capital(session)
              + subject
              + " is valid but lacked "
              + d.getOrDefault("missing", "a role")
              + " required by the application at "
              + when
              + ".";
      case STEP_UP_REQUIRED ->
          capital(session)
              + subject
              + " authenticated at "
              + d.getOrDefault("auth_time", "?")
              + " with assurance level "
              + d.getOrDefault("aal", "?")
              + "; at "
              + when
              + " the application required "
              + d.getOrDefault("missing", "a fresher authentication")
              + ".";
      case THROTTLED ->
          "At "
              + when
              + " the address "
              + d.getOrDefault("address", "?")
              + " presented more than "
              + d.getOrDefault("limit_per_minute", "?")
              + " forged, damaged or unknown tokens within a minute (the last one "
              + d.getOrDefault("last_reason", "?")
              + "), which looks like token guessing. Its verifications are refused until "
              + d.getOrDefault("until", "?")
              + "; sessions themselves are untouched and nobody was signed out.";
    };
  }

  private static String idle(String session, String when, String from, Map<String, String> d) {
    String lastSeen = d.getOrDefault("last_seen_at", "?");
    String gap = "";
    try {
      gap =
          " ("
              + VerdictMessages.human(
                  Duration.between(Instant.parse(lastSeen), Instant.parse(when)).withNanos(0))
              + " later)";
    } catch (RuntimeException ignored) {
      // a missing or unparsable time only shortens the sentence
    }
    return capital(session)
        + " was last used at "
        + lastSeen
        + "; the idle timeout in force was "
        + human(d, "idle_timeout")
        + ". It was presented again at "
        + when
        + gap
        + from
        + ", after it had expired.";
  }

  private static String from(Event e) {
    String ip = e.client().ip().map(i -> " from " + i.text()).orElse("");
    String ua = e.client().userAgent().map(u -> " (" + u + ")").orElse("");
    return ip + ua;
  }

  private static Duration duration(Map<String, String> d, String key) {
    try {
      return Duration.parse(d.getOrDefault(key, "PT0S"));
    } catch (RuntimeException e) {
      return Duration.ZERO;
    }
  }

  private static String human(Map<String, String> d, String key) {
    return VerdictMessages.human(duration(d, key));
  }

  private static String capital(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
