package dev.vigil.account;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.id.UserId;
import dev.vigil.session.SessionService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * One-time password reset tokens ({@code vr1_} and 43 base64url characters, 256 bits, stored as
 * SHA-256 hashes): issued by an operator, or at sign-in when a password is too short to be used
 * alone, and redeemed once with a new password. Redeeming ends every session of the user ({@code
 * PASSWORD_CHANGED}) and clears the sign-in throttle, hard stop included; TOTP stays on (a reset
 * does not bypass the second factor). Thread-safe.
 */
public final class PasswordResets {
  /** How long an operator's reset token can be redeemed. */
  public static final Duration OPERATOR_TTL = Duration.ofHours(24);

  /** How long the token handed out at sign-in for a too-short password can be redeemed. */
  public static final Duration SIGN_IN_TTL = Duration.ofMinutes(15);

  private final UserStore users;
  private final Passwords passwords;
  private final MfaStore mfa;
  private final LoginThrottle throttle;
  private final AccountJournal journal;
  private final AccountSessions accountSessions;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public PasswordResets(
      UserStore users,
      SessionService sessions,
      Passwords passwords,
      MfaStore mfa,
      LoginThrottle throttle,
      AuditLog audit,
      Clock clock) {
    this.users = users;
    this.accountSessions = new AccountSessions(users, sessions);
    this.passwords = passwords;
    this.mfa = mfa;
    this.throttle = throttle;
    this.journal = new AccountJournal(audit, clock);
    this.clock = clock;
  }

  /**
   * Issues a reset token for a user, valid for {@code ttl}; any earlier token of the user stops
   * working.
   *
   * @param why recorded in the event: {@code operator} or {@code password_too_short}
   */
  public Optional<ResetToken> issue(UserId id, Duration ttl, String why, String by) {
    Optional<User> user = users.find(id);
    if (user.isEmpty()) {
      return Optional.empty();
    }
    byte[] b = new byte[32];
    random.nextBytes(b);
    String token = "vr1_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    Instant expires = clock.instant().plus(ttl);
    users.addResetToken(AccountJournal.sha256Hex(token), id, expires);
    journal.record(
        EventType.PASSWORD_RESET_ISSUED,
        Optional.of(id),
        Optional.of(why.toUpperCase(java.util.Locale.ROOT)),
        ClientContext.UNKNOWN,
        Map.of("by", by, "expires_at", expires.toString()));
    return Optional.of(new ResetToken(token, expires));
  }

  /**
   * Sets a new password with a reset token. The new password is checked before the token is used,
   * so a refused one leaves the token valid; of several redemptions at once, one wins.
   */
  public PasswordChange redeem(String token, String newPassword, String by) {
    Instant now = clock.instant();
    String hash = AccountJournal.sha256Hex(token);
    Optional<User> user = users.findResetToken(hash, now).flatMap(users::find);
    if (user.isEmpty()) {
      return invalid();
    }
    User u = user.get();
    Optional<String> weak =
        passwords.weakness(
            newPassword,
            mfa.find(u.id()).map(MfaStore.Enrolment::confirmed).orElse(false),
            u.username(),
            u.email());
    if (weak.isPresent()) {
      return new PasswordChange.Refused("new_password", "PASSWORD_POLICY", weak.get());
    }
    String next = passwords.hash(newPassword);
    var done =
        accountSessions.replacePassword(
            u,
            next,
            Optional.empty(),
            () -> users.takeResetToken(hash, now).filter(u.id()::equals).isPresent(),
            by);
    if (done.account().isEmpty()) {
      return invalid();
    }
    int ended = done.sessions();
    throttle.succeeded(u.username().key());
    journal.record(
        EventType.PASSWORD_CHANGED,
        Optional.of(u.id()),
        Optional.empty(),
        ClientContext.UNKNOWN,
        Map.of("by", by, "via", "reset", "sessions_ended", Integer.toString(ended)));
    return new PasswordChange.Changed(ended);
  }

  private static PasswordChange invalid() {
    return new PasswordChange.Refused(
        "reset_token",
        "INVALID_RESET_TOKEN",
        "This reset link is not valid: it was already used, replaced or has expired.");
  }
}
