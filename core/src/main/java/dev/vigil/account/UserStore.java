package dev.vigil.account;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.Event;
import dev.vigil.id.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where accounts live. Every method is atomic on its own and may throw {@link
 * dev.vigil.session.StoreUnavailableException}. There is no "replace the whole user": each change
 * writes only its own columns, so two changes made at once (a sign-in upgrading a hash while an
 * operator disables the account) never undo each other.
 *
 * <p>The contract tests in {@code testkit} ({@code UserStoreContract}) pin down the semantics.
 */
public interface UserStore {
  /**
   * Stores a new user. The username's key is unique: of many inserts with the same key, exactly one
   * succeeds.
   *
   * @return false when the username's key is taken (nothing is stored)
   */
  boolean insert(User user);

  /**
   * {@link #insert(User)} and, when it stored the user, {@code created} appended to {@code log}.
   * Where the store keeps that log in its own database, one write: the user and its event are
   * stored together or not at all (a creation answered 503 on a full disk leaves no user behind).
   * By default, one after the other.
   *
   * @return false when the username's key is taken (nothing is stored, no event)
   */
  default boolean insert(User user, AuditLog log, Event created) {
    if (!insert(user)) {
      return false;
    }
    log.append(created);
    return true;
  }

  /** The user with this id. */
  Optional<User> find(UserId id);

  /** The user whose username has this key ({@link Username#key()}). */
  Optional<User> findByUsername(String key);

  /** Users in username order, at most {@code limit}. */
  List<User> list(int limit);

  /**
   * Users whose username key ({@link Username#key()}) starts with {@code keyPrefix}, in username
   * order, at most {@code limit}; an empty prefix matches everyone. The prefix is compared as
   * given, character by character (no pattern characters): normalise it as a key first.
   */
  List<User> search(String keyPrefix, int limit);

  /**
   * Sets the password hash.
   *
   * @return whether the user exists
   */
  boolean setPasswordHash(UserId id, String hash);

  /**
   * Replaces the password hash only if it is still {@code expected} (an upgrade of the hash's
   * parameters at sign-in must never undo a password change made meanwhile).
   *
   * @return whether it was replaced
   */
  boolean replacePasswordHash(UserId id, String expected, String next);

  /**
   * Disables the account at {@code at}, unless it is disabled already (then it keeps its first
   * time).
   *
   * @return the user as it now stands; empty when there is no such user
   */
  Optional<User> disable(UserId id, Instant at);

  /**
   * Sets the roles.
   *
   * @return the user as it now stands; empty when there is no such user
   */
  Optional<User> setRoles(UserId id, Set<String> roles);

  /** Stores a one-time reset token (by hash) for a user; earlier ones of that user are dropped. */
  void addResetToken(String hash, UserId user, Instant expires);

  /** The user of a reset token that exists and has not expired at {@code now}, leaving it. */
  Optional<UserId> findResetToken(String hash, Instant now);

  /**
   * Deletes the reset token and returns its user, if it existed and had not expired at {@code now};
   * of many callers, only one can redeem a token.
   */
  Optional<UserId> takeResetToken(String hash, Instant now);

  /**
   * Deletes a user.
   *
   * @return whether it existed
   */
  boolean delete(UserId id);
}
