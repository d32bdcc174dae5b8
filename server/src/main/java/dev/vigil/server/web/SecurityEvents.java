package dev.vigil.server.web;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventQuery;
import dev.vigil.id.Subject;
import dev.vigil.session.Reason;
import dev.vigil.session.RevocationCause;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The recent security events of an account in plain words ("signed in", "signed in from a new
 * device", "session ended: its token was copied", "password changed"), read from the audit log (the
 * events whose subject is the account's), every text from the message bundle. Routine events
 * (rotations, the API's refusals, pruning) are left out. OWASP ASVS 5.0 V6.3.5 asks that people
 * learn of suspicious authentication attempts (failed sign-ins and codes, a new device, a copied
 * token), V7.5.2 that they can see their sessions. Thread-safe.
 */
final class SecurityEvents {
  /** How many of the newest events are read to find the ones shown. */
  private static final int SCANNED = 200;

  /** How many are shown. */
  static final int SHOWN = 20;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final AuditLog log;
  private final Messages messages;

  SecurityEvents(AuditLog log, Messages messages) {
    this.log = log;
    this.messages = messages;
  }

  /** The newest notable events of {@code subject}, newest first. */
  List<SecurityView.Event> of(Subject subject) {
    EventQuery query =
        new EventQuery(
            Optional.of(subject),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            SCANNED,
            Optional.empty());
    return log.query(query).events().stream()
        .flatMap(e -> text(e).map(t -> row(e, t)).stream())
        .limit(SHOWN)
        .toList();
  }

  /** The plain words for {@code e}, or empty when it is not shown. */
  Optional<String> text(Event e) {
    String key =
        switch (e.type()) {
          case LOGIN_SUCCEEDED -> "events.signedIn";
          case LOGIN_FAILED -> "events.signInFailed";
          case MFA_FAILED -> "events.codeFailed";
          case ACCOUNT_THROTTLED -> "events.throttled";
          case STEP_UP -> "events.stepUp";
          case PASSWORD_CHANGED -> "events.passwordChanged";
          case PASSWORD_RESET_ISSUED -> "events.resetIssued";
          case MFA_ENROLLED -> "events.totpAdded";
          case MFA_REMOVED -> "events.totpRemoved";
          case MFA_RESET -> "events.totpReset";
          case RECOVERY_CODE_USED -> "events.recoveryCodeUsed";
          case USER_CREATED -> "events.created";
          case USER_DISABLED -> "events.disabled";
          case USER_ROLES_CHANGED -> "events.rolesChanged";
          case REPORT_FILED -> "events.reported";
          case SESSIONS_ENDED -> "events.sessionsEnded";
          case SESSIONS_ENDED_EVERYWHERE -> "events.endedEverywhere";
          case SESSION_CLIENT_CHANGED -> "events.clientChanged";
          case SESSION_REVOKED -> cause(e).map(SecurityEvents::revoked).orElse("events.ended");
          case VERIFY_FAILED ->
              e.reason().equals(Optional.of(Reason.TOKEN_REUSED.name()))
                  ? "events.tokenReused"
                  : "";
          case ANOMALY ->
              "new_device".equals(e.detail().get("rule")) ? "events.newDevice" : "events.anomaly";
          case SESSION_CREATED,
              SESSION_ROTATED,
              SESSION_SUPERSEDED,
              SESSION_PRIVILEGES_CHANGED,
              USER_DELETED,
              REPORT_STATUS_CHANGED,
              API_REFUSED,
              AUDIT_PRUNED ->
              "";
        };
    if (key.isEmpty()) {
      return Optional.empty();
    }
    String left = e.detail().getOrDefault("codes_left", "");
    return Optional.of(messages.text(key, left.matches("[0-9]{1,3}") ? Integer.parseInt(left) : 0));
  }

  private static String revoked(RevocationCause cause) {
    return switch (cause) {
      case LOGOUT -> "events.endedLogout";
      case ADMIN -> "events.endedAdmin";
      case PASSWORD_CHANGED -> "events.endedPassword";
      case ALL_SESSIONS -> "events.endedAll";
      case THEFT_SUSPECTED -> "events.endedTheft";
      case PRIVILEGE_CHANGED -> "events.endedPrivileges";
      case SESSION_LIMIT -> "events.endedLimit";
      case ACCOUNT_DISABLED -> "events.endedDisabled";
      case CLIENT_CHANGED -> "events.endedClient";
      case EVERY_SESSION -> "events.endedEverywhere";
    };
  }

  private static Optional<RevocationCause> cause(Event e) {
    return e.reason()
        .flatMap(
            r ->
                Arrays.stream(RevocationCause.values())
                    .filter(c -> c.name().equals(r))
                    .findFirst());
  }

  private static SecurityView.Event row(Event e, String text) {
    return new SecurityView.Event(
        text,
        TIME.format(e.time().truncatedTo(ChronoUnit.SECONDS)),
        e.time().truncatedTo(ChronoUnit.SECONDS).toString(),
        e.client().ip().map(ip -> ip.text()));
  }
}
