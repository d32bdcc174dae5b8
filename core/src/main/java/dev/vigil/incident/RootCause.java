package dev.vigil.incident;

import dev.vigil.audit.Event;
import dev.vigil.client.ClientContext;
import dev.vigil.client.ClientFamily;
import dev.vigil.session.Reason;
import dev.vigil.session.VerdictMessages;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The plain-language root cause of one invalid verdict, written from its event's detail, the {@link
 * IncidentFindings findings} and the families of the clients involved. A fact that was not recorded
 * is shown as "?" or left out of the sentence; nothing is guessed.
 */
final class RootCause {
  private final Event e;
  private final Map<String, String> d;
  private final Map<String, String> found;
  private final Map<String, ClientFamily> families;

  RootCause(Event e, Map<String, String> findings, Map<String, ClientFamily> families) {
    this.e = e;
    this.d = e.detail();
    this.found = findings;
    this.families = families;
  }

  String text(Reason reason) {
    String when = e.time().toString();
    String from = from(e.client());
    String session = session();
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
              + " forged. No session was affected."
              + tamperedBefore();
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
              + " was created at "
              + d.getOrDefault("created_at", "?")
              + (d.containsKey("lifetime_start")
                      && !d.get("lifetime_start").equals(d.get("created_at"))
                  ? ", its user last re-authenticated at " + d.get("lifetime_start") + ","
                  : "")
              + " and reached its absolute lifetime of "
              + human("absolute_timeout")
              + "; it was presented at "
              + when
              + from
              + ".";
      case EXPIRED_IDLE -> idle(session, when, from);
      case SUPERSEDED ->
          capital(session)
              + " was rotated explicitly (a privilege change); the token presented at "
              + when
              + from
              + " was generation "
              + d.getOrDefault("generation", "?")
              + ", replaced by generation "
              + d.getOrDefault("superseded_below", "?")
              + ".";
      case TOKEN_REUSED -> reused(session, when);
      case CONTEXT_MISMATCH ->
          capital(session)
              + " is bound to the network "
              + d.getOrDefault("bound_network", "?")
              + " and its browser; at "
              + when
              + " it was presented from network "
              + d.getOrDefault("presented_network", "?")
              + (Boolean.parseBoolean(d.getOrDefault("user_agent_matches", "true"))
                  ? " with the same browser."
                  : " with another browser.")
              + e.client()
                  .userAgent()
                  .map(ua -> " The request came from " + family(ua) + ".")
                  .orElse("");
      case FORBIDDEN ->
          capital(session)
              + " is valid but lacked "
              + d.getOrDefault("missing", "a role")
              + " required by the application at "
              + when
              + ".";
      case STEP_UP_REQUIRED ->
          capital(session)
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

  private String tamperedBefore() {
    String n = found.get("tampered_from_ip_last_hour");
    String ip = e.client().ip().map(i -> i.text()).orElse(null);
    if (n == null || ip == null) {
      return "";
    }
    String window = VerdictMessages.human(IncidentFindings.TAMPERED_WINDOW);
    return switch (n) {
      case "0" -> " It was the only tampered token from " + ip + " in the " + window + " before.";
      case "1" -> " In the " + window + " before, 1 other tampered token came from " + ip + ".";
      default ->
          " In the "
              + window
              + " before, "
              + n
              + " other tampered tokens came from "
              + ip
              + ": someone there may be guessing or forging tokens.";
    };
  }

  /**
   * Who held which generation and when: the client that exchanged the reused generation for its
   * successor (from the findings), the one that presented it again, and what Vigil did. Neither is
   * called the thief: either may hold the copy.
   */
  private String reused(String session, String when) {
    String presented = d.getOrDefault("presented_generation", "?");
    String current = d.getOrDefault("current_generation", "?");
    StringBuilder s = new StringBuilder("Two clients held copies of ").append(session).append('.');
    Optional<String> exchangedAt = Optional.ofNullable(found.get("exchanged_at"));
    if (exchangedAt.isPresent()) {
      s.append(" At ")
          .append(exchangedAt.get())
          .append(" generation ")
          .append(presented)
          .append(" of its token was presented from ")
          .append(who(found.get("exchanged_ip"), found.get("exchanged_user_agent")))
          .append(", which received generation ")
          .append(found.getOrDefault("successor_generation", "?"))
          .append(" in exchange. At ")
          .append(when)
          .append(" generation ")
          .append(presented)
          .append(" was presented again")
          .append(from(e.client()));
    } else {
      s.append(" Generation ")
          .append(presented)
          .append(" of its token was presented at ")
          .append(when)
          .append(from(e.client()));
    }
    String issued = d.getOrDefault("current_issued_at", "?");
    if (found.getOrDefault("successor_generation", "").equals(current)) {
      s.append(", after generation ")
          .append(current)
          .append(
              Boolean.parseBoolean(d.getOrDefault("current_used", "false")) ? " had been used" : "")
          .append(" and outside the ")
          .append(human("rotation_grace"))
          .append(" grace window that followed its issue at ")
          .append(issued);
    } else {
      s.append(", when the session was already at generation ")
          .append(current)
          .append(" (issued at ")
          .append(issued)
          .append(')');
    }
    s.append(". A copy of the token was used.");
    if (d.containsKey("session_ip") || d.containsKey("session_user_agent")) {
      s.append(" The session had been opened from ")
          .append(who(d.get("session_ip"), d.get("session_user_agent")))
          .append('.');
    }
    return s.append(" Vigil ended the whole session (THEFT_SUSPECTED) to protect the account.")
        .toString();
  }

  private String idle(String session, String when, String from) {
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
        + human("idle_timeout")
        + ". It was presented again at "
        + when
        + gap
        + from
        + ", after it had expired.";
  }

  private String session() {
    return e.sessionId().map(s -> "session " + s).orElse("the session")
        + e.subject().map(s -> " of " + s).orElse("");
  }

  /** " from 203.0.113.9 (Chrome 131 on Windows)", or "" when nothing is known of the client. */
  private String from(ClientContext c) {
    if (c.ip().isEmpty() && c.userAgent().isEmpty()) {
      return "";
    }
    return " from " + who(c.ip().map(i -> i.text()).orElse(null), c.userAgent().orElse(null));
  }

  /** "203.0.113.9 (Chrome 131 on Windows)", "203.0.113.9", "an unknown address (Chrome ...)". */
  private String who(String ip, String userAgent) {
    String where = ip == null ? "an unknown address" : ip;
    return userAgent == null ? where : where + " (" + family(userAgent) + ")";
  }

  private String family(String userAgent) {
    return families.getOrDefault(userAgent, ClientFamily.UNKNOWN).describe();
  }

  private String human(String key) {
    return VerdictMessages.human(duration(d, key));
  }

  /** The duration recorded under {@code key}; zero when it is missing or unreadable. */
  static Duration duration(Map<String, String> detail, String key) {
    try {
      return Duration.parse(detail.getOrDefault(key, "PT0S"));
    } catch (RuntimeException ex) {
      return Duration.ZERO;
    }
  }

  private static String capital(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
