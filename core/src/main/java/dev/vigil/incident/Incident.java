package dev.vigil.incident;

import dev.vigil.audit.Event;
import dev.vigil.client.ClientContext;
import dev.vigil.client.ClientFamily;
import dev.vigil.session.Action;
import dev.vigil.session.Reason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One invalid verdict explained: the event that recorded it, what the application was told, the
 * session's timeline (oldest first), a plain-language root cause for a support person, the facts
 * looked up elsewhere in the log to tell it ({@code findings}, see {@link IncidentExplainer}), and
 * the {@link ClientFamily} of every user agent that appears in any of these.
 *
 * @param families the family of each user agent string shown in this incident, by that string
 */
public record Incident(
    Event event,
    Reason reason,
    Action action,
    String message,
    List<Event> timeline,
    String cause,
    Map<String, String> findings,
    Map<String, ClientFamily> families) {

  /** The suffix of the keys of {@link #event()}'s detail and {@link #findings()} that hold a UA. */
  public static final String USER_AGENT_KEY = "user_agent";

  /** What a user agent key's {@link #withFamilies sibling} ends in instead. */
  public static final String FAMILY_KEY = "family";

  public Incident {
    timeline = List.copyOf(timeline);
    findings = java.util.Collections.unmodifiableMap(new TreeMap<>(findings));
    families = Map.copyOf(families);
  }

  /** The family of {@code client}'s user agent; {@link ClientFamily#UNKNOWN} without one. */
  public ClientFamily family(ClientContext client) {
    return client.userAgent().map(this::family).orElse(ClientFamily.UNKNOWN);
  }

  /** The family of a user agent shown in this incident ({@link ClientFamily#UNKNOWN} otherwise). */
  public ClientFamily family(String userAgent) {
    return families.getOrDefault(userAgent, ClientFamily.UNKNOWN);
  }

  /**
   * {@code facts} (the evidence or the findings) with, after each entry whose key ends in {@code
   * user_agent}, the described family of that user agent under the same key ending in {@code
   * family} instead: {@code session_user_agent} is followed by {@code session_family}.
   */
  public Map<String, String> withFamilies(Map<String, String> facts) {
    Map<String, String> out = new LinkedHashMap<>();
    facts.forEach(
        (k, v) -> {
          out.put(k, v);
          if (k.endsWith(USER_AGENT_KEY)) {
            String prefix = k.substring(0, k.length() - USER_AGENT_KEY.length());
            out.put(prefix + FAMILY_KEY, family(v).describe());
          }
        });
    return out;
  }
}
