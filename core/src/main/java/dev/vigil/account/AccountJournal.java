package dev.vigil.account;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.id.EventId;
import dev.vigil.id.Subject;
import dev.vigil.id.UserId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Writes account events to the {@link AuditLog} (the subject is the user id), and hashes the
 * one-time secrets accounts store (challenges, reset tokens).
 */
final class AccountJournal {
  private final AuditLog log;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  AccountJournal(AuditLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  void record(
      EventType type,
      Optional<UserId> user,
      Optional<String> reason,
      ClientContext client,
      Map<String, String> detail) {
    log.append(event(type, user, reason, client, detail));
  }

  /**
   * Stores {@code user} and records {@code USER_CREATED} for it, in one write where the user store
   * keeps this log ({@link UserStore#insert(User, AuditLog, Event)}).
   *
   * @return false when the username's key is taken (nothing stored, nothing recorded)
   */
  boolean created(UserStore users, User user, Map<String, String> detail) {
    return users.insert(
        user,
        log,
        event(
            EventType.USER_CREATED,
            Optional.of(user.id()),
            Optional.empty(),
            ClientContext.UNKNOWN,
            detail));
  }

  /**
   * Clears the throttle's count of {@code key} after a successful attempt and records {@code type}
   * for {@code user}, in one write where the throttle's store keeps this log.
   */
  void succeeded(
      LoginThrottle throttle,
      String key,
      EventType type,
      UserId user,
      ClientContext client,
      Map<String, String> detail) {
    throttle.succeeded(key, log, event(type, Optional.of(user), Optional.empty(), client, detail));
  }

  private Event event(
      EventType type,
      Optional<UserId> user,
      Optional<String> reason,
      ClientContext client,
      Map<String, String> detail) {
    Instant now = clock.instant();
    return new Event(
        EventId.at(now, random),
        now,
        type,
        user.map(u -> new Subject(u.value())),
        Optional.empty(),
        reason,
        Optional.empty(),
        client,
        detail);
  }

  /**
   * Records a failed sign-in, step-up or second factor ({@code type}) with its true reason, and,
   * when the failure was counted as number {@code counted} of a known account and that starts the
   * throttle's delays or reaches its hard stop, an {@link EventType#ACCOUNT_THROTTLED} event: the
   * account holder is told (NIST SP 800-63B-4 section 3.2.2, ASVS 5.0 6.3.5).
   */
  void failed(
      EventType type,
      Optional<User> user,
      String key,
      String reason,
      int counted,
      ClientContext client) {
    record(type, user.map(User::id), Optional.of(reason), client, Map.of("username", key));
    boolean engaged = counted == LoginThrottle.FREE_FAILURES || counted == LoginThrottle.HARD_STOP;
    if (user.isPresent() && engaged) {
      record(
          EventType.ACCOUNT_THROTTLED,
          user.map(User::id),
          Optional.of(counted == LoginThrottle.HARD_STOP ? "HARD_STOP" : "DELAYED"),
          client,
          Map.of("failures", Integer.toString(counted), "username", key));
    }
  }

  /** Lowercase hex SHA-256 of the UTF-8 text: how one-time secrets are stored. */
  static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
