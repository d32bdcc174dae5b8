package dev.vigil.server.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventType;
import dev.vigil.client.IpAddress;
import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.session.RevocationCause;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What each event is as a notice: its type on the wire (the event's type, except that a theft
 * revocation is {@code session.theft_suspected} and the new-device rule's finding is {@code
 * user.new_device}), the JSON body webhooks receive, and which events are mailed to the user.
 */
public final class Notices {
  /** A session was ended because an old token came back after rotation. */
  public static final String THEFT_SUSPECTED = "session.theft_suspected";

  /** The subject signed in from a network and browser never seen for it. */
  public static final String NEW_DEVICE = "user.new_device";

  /** Every notice type a webhook may filter on. */
  public static final Set<String> TYPES =
      Stream.concat(
              Arrays.stream(EventType.values()).map(EventType::wire),
              Stream.of(THEFT_SUSPECTED, NEW_DEVICE))
          .collect(Collectors.toCollection(TreeSet::new));

  private static final ObjectMapper JSON = new ObjectMapper();

  private Notices() {}

  /**
   * The notice type of {@code e}, or empty when it is not delivered at all (the findings of a rule
   * in report_only mode are recorded, not sent).
   */
  public static Optional<String> type(Event e) {
    if (e.type() == EventType.SESSION_REVOKED
        && e.reason().equals(Optional.of(RevocationCause.THEFT_SUSPECTED.name()))) {
      return Optional.of(THEFT_SUSPECTED);
    }
    if (e.type() == EventType.ANOMALY) {
      if (!"enforce".equals(e.detail().get("mode"))) {
        return Optional.empty();
      }
      return Optional.of(
          "new_device".equals(e.detail().get("rule")) ? NEW_DEVICE : e.type().wire());
    }
    return Optional.of(e.type().wire());
  }

  /** Whether the person behind the event's subject is e-mailed about it. */
  public static boolean mailsUser(String type, Event e) {
    return switch (type) {
      case THEFT_SUSPECTED, NEW_DEVICE -> true;
      case "user.password_changed",
          "auth.mfa_enrolled",
          "auth.mfa_removed",
          "auth.mfa_reset",
          "auth.recovery_code_used",
          "auth.throttled" ->
          true;
      case "user.sessions_ended" ->
          e.reason().equals(Optional.of(RevocationCause.ALL_SESSIONS.name()));
      default -> false;
    };
  }

  /** Whether operators are e-mailed about it (anomalies, in enforce mode). */
  public static boolean mailsOperators(String type) {
    return type.equals("anomaly.detected") || type.equals(THEFT_SUSPECTED);
  }

  /**
   * The body delivered for {@code e}: {@code { type, timestamp, data: { event_id, event_type,
   * subject?, session_id?, reason?, incident?, client?, detail } }}.
   */
  public static String body(String type, Event e) {
    ObjectNode root = JSON.createObjectNode();
    root.put("type", type);
    root.put("timestamp", e.time().toString());
    ObjectNode data = root.putObject("data");
    data.put("event_id", e.id().value());
    data.put("event_type", e.type().wire());
    e.subject().map(Subject::value).ifPresent(s -> data.put("subject", s));
    e.sessionId().map(SessionId::value).ifPresent(s -> data.put("session_id", s));
    e.reason().ifPresent(r -> data.put("reason", r));
    e.incident().map(IncidentId::value).ifPresent(i -> data.put("incident", i));
    if (e.client().ip().isPresent() || e.client().userAgent().isPresent()) {
      ObjectNode client = data.putObject("client");
      e.client().ip().map(IpAddress::text).ifPresent(ip -> client.put("ip", ip));
      e.client().userAgent().ifPresent(ua -> client.put("user_agent", ua));
    }
    ObjectNode detail = data.putObject("detail");
    e.detail().forEach(detail::put);
    return root.toString();
  }
}
