package dev.vigil.audit;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of events; {@link #wire()} is the contract's name. */
public enum EventType {
  /** A session was opened and its first token issued. */
  SESSION_CREATED("session.created"),
  /** A token was rotated automatically; the old one stays acceptable for the grace window. */
  SESSION_ROTATED("session.rotated"),
  /** A token was rotated explicitly (privilege change); every older token is superseded. */
  SESSION_SUPERSEDED("session.superseded"),
  /** A session's roles changed in place; its token is rotated at its next use. */
  SESSION_PRIVILEGES_CHANGED("session.privileges_changed"),
  /** A session was ended on purpose; the event's reason is the revocation cause. */
  SESSION_REVOKED("session.revoked"),
  /**
   * A session not bound to its client was presented from another network and another browser family
   * than it was last used from; the reason is what the {@code client_change} policy did ({@code
   * NOTIFY}, {@code STEP_UP} or {@code REVOKE}).
   */
  SESSION_CLIENT_CHANGED("session.client_changed"),
  /** A token was refused; the event's reason is the verdict's reason, with an incident id. */
  VERIFY_FAILED("session.verify_failed"),
  /** An account was created. */
  USER_CREATED("user.created"),
  /** An account was disabled; its sessions were ended. */
  USER_DISABLED("user.disabled"),
  /** An account was deleted; its sessions were ended. */
  USER_DELETED("user.deleted"),
  /** A sign-in succeeded and opened a session. */
  LOGIN_SUCCEEDED("auth.login"),
  /** A sign-in failed; the reason says why (INVALID_CREDENTIALS, THROTTLED, ACCOUNT_DISABLED). */
  LOGIN_FAILED("auth.login_failed"),
  /** TOTP enrolment was confirmed; recovery codes were issued. */
  MFA_ENROLLED("auth.mfa_enrolled"),
  /** A second-factor code was refused; the reason says why (MFA_INVALID, THROTTLED). */
  MFA_FAILED("auth.mfa_failed"),
  /** An operator removed a user's TOTP enrolment. */
  MFA_RESET("auth.mfa_reset"),
  /** The account holder removed their TOTP enrolment after re-authenticating. */
  MFA_REMOVED("auth.mfa_removed"),
  /** A recovery code was used in place of a TOTP code; the detail says how many are left. */
  RECOVERY_CODE_USED("auth.recovery_code_used"),
  /**
   * The per-account sign-in throttle engaged: the reason is {@code DELAYED} (the first failure that
   * makes the next attempt wait) or {@code HARD_STOP} (no attempt accepted until a reset).
   */
  ACCOUNT_THROTTLED("auth.throttled"),
  /** A session's user re-authenticated; its token was rotated with a fresh auth_time. */
  STEP_UP("auth.step_up"),
  /** A user's password changed; their other sessions were ended. */
  PASSWORD_CHANGED("user.password_changed"),
  /** An operator issued a one-time password reset token for a user. */
  PASSWORD_RESET_ISSUED("user.password_reset_issued"),
  /** A user's roles changed; their sessions were given the new roles or ended. */
  USER_ROLES_CHANGED("user.roles_changed"),
  /** A person or support agent filed a report; its reason is the report's category. */
  REPORT_FILED("report.filed"),
  /**
   * An operator moved a report to another status; the reason is the new status, the detail names
   * the report, the status before and after, and who moved it.
   */
  REPORT_STATUS_CHANGED("report.status_changed"),
  /** Several sessions of a subject were ended at once; the reason is the revocation cause. */
  SESSIONS_ENDED("user.sessions_ended"),
  /**
   * Every live session of every subject was ended at once (after a key leak, for example); the
   * reason is the revocation cause and the detail says how many.
   */
  SESSIONS_ENDED_EVERYWHERE("sessions.ended_everywhere"),
  /**
   * An API call was refused for its key: none, an unknown one (401), or one without the scope
   * (403). The detail names the key (never its text), the route and the missing scope; at most a
   * few per second are recorded, the rest counted in the next one.
   */
  API_REFUSED("api.refused"),
  /**
   * An anomaly rule fired; the detail names the rule, its mode (enforce or report_only), what it
   * saw and what it did or would have done.
   */
  ANOMALY("anomaly.detected"),
  /**
   * The oldest events were removed under the audit retention. The detail says how many ({@code
   * removed}), the cutoff they were older than, the time of the newest one removed ({@code
   * through}) and the new chain anchor ({@code anchor_seq}, {@code anchor_link}: the sequence
   * number and link of the last one removed), so the pruning is itself in the chain. See {@link
   * ChainAnchor}.
   */
  AUDIT_PRUNED("audit.pruned");

  private final String wire;

  EventType(String wire) {
    this.wire = wire;
  }

  /** The contract's spelling, e.g. {@code session.created}. */
  public String wire() {
    return wire;
  }

  /** The type whose wire name is {@code text}, if any. */
  public static Optional<EventType> ofWire(String text) {
    return Arrays.stream(values()).filter(t -> t.wire.equals(text)).findFirst();
  }
}
