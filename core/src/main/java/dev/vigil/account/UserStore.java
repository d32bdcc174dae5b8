package dev.vigil.account;

import dev.vigil.id.UserId;
import java.util.Optional;

/**
 * Where accounts live. Every method may throw {@link dev.vigil.session.StoreUnavailableException}.
 */
public interface UserStore {
  /**
   * Stores a new user.
   *
   * @return false when the username's key is taken (nothing is stored)
   */
  boolean insert(User user);

  /** The user with this id. */
  Optional<User> find(UserId id);

  /** The user whose username has this key ({@link Username#key()}). */
  Optional<User> findByUsername(String key);

  /** Users in username order, at most {@code limit}. */
  java.util.List<User> list(int limit);

  /** Replaces the stored user with the same id. */
  void update(User user);

  /** Stores a one-time reset token (by hash) for a user; earlier ones of that user are dropped. */
  void addResetToken(String hash, UserId user, java.time.Instant expires);

  /**
   * Deletes the reset token and returns its user, if it existed and had not expired at {@code now};
   * only one caller can redeem a token.
   */
  Optional<UserId> takeResetToken(String hash, java.time.Instant now);

  /**
   * Deletes a user.
   *
   * @return whether it existed
   */
  boolean delete(UserId id);
}
