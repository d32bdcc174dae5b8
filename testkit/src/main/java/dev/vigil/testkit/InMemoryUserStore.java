package dev.vigil.testkit;

import dev.vigil.account.User;
import dev.vigil.account.UserStore;
import dev.vigil.id.UserId;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link UserStore} in maps, for tests. Every method holds the store's lock: an in-memory store
 * serves one process, so its lock is its store's atomicity.
 */
public final class InMemoryUserStore implements UserStore {
  private final Map<UserId, User> users = new HashMap<>();
  private final Map<String, UserId> resetUsers = new HashMap<>();
  private final Map<String, Instant> resetExpiry = new HashMap<>();

  @Override
  public synchronized boolean insert(User user) {
    if (findByUsername(user.username().key()).isPresent() || users.containsKey(user.id())) {
      return false;
    }
    users.put(user.id(), user);
    return true;
  }

  @Override
  public synchronized Optional<User> find(UserId id) {
    return Optional.ofNullable(users.get(id));
  }

  @Override
  public synchronized Optional<User> findByUsername(String key) {
    return users.values().stream().filter(u -> u.username().key().equals(key)).findFirst();
  }

  /** Whether a user has this username key. */
  public synchronized boolean hasKey(String key) {
    return findByUsername(key).isPresent();
  }

  @Override
  public synchronized List<User> list(int limit) {
    return users.values().stream()
        .sorted(Comparator.comparing(u -> u.username().key()))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized List<User> search(String keyPrefix, int limit) {
    return users.values().stream()
        .filter(u -> u.username().key().startsWith(keyPrefix))
        .sorted(Comparator.comparing(u -> u.username().key()))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized boolean setPasswordHash(UserId id, String hash) {
    return change(id, u -> with(u, hash, u.roles(), u.disabledAt())).isPresent();
  }

  @Override
  public synchronized boolean replacePasswordHash(UserId id, String expected, String next) {
    User u = users.get(id);
    if (u == null || !u.passwordHash().equals(expected)) {
      return false;
    }
    users.put(id, with(u, next, u.roles(), u.disabledAt()));
    return true;
  }

  @Override
  public synchronized Optional<User> disable(UserId id, Instant at) {
    return change(id, u -> u.enabled() ? with(u, u.passwordHash(), u.roles(), Optional.of(at)) : u);
  }

  @Override
  public synchronized Optional<User> setRoles(UserId id, Set<String> roles) {
    return change(id, u -> with(u, u.passwordHash(), roles, u.disabledAt()));
  }

  private Optional<User> change(UserId id, java.util.function.UnaryOperator<User> how) {
    return Optional.ofNullable(users.computeIfPresent(id, (k, u) -> how.apply(u)));
  }

  private static User with(User u, String hash, Set<String> roles, Optional<Instant> disabledAt) {
    return new User(u.id(), u.username(), u.email(), roles, hash, u.createdAt(), disabledAt);
  }

  @Override
  public synchronized void addResetToken(String hash, UserId user, Instant expires) {
    resetUsers.values().removeIf(user::equals);
    resetExpiry.keySet().retainAll(resetUsers.keySet());
    resetUsers.put(hash, user);
    resetExpiry.put(hash, expires);
  }

  @Override
  public synchronized Optional<UserId> findResetToken(String hash, Instant now) {
    Instant expires = resetExpiry.get(hash);
    return expires != null && now.isBefore(expires)
        ? Optional.of(resetUsers.get(hash))
        : Optional.empty();
  }

  @Override
  public synchronized Optional<UserId> takeResetToken(String hash, Instant now) {
    UserId user = resetUsers.remove(hash);
    Instant expires = resetExpiry.remove(hash);
    return user != null && now.isBefore(expires) ? Optional.of(user) : Optional.empty();
  }

  @Override
  public synchronized boolean delete(UserId id) {
    resetUsers.values().removeIf(id::equals);
    resetExpiry.keySet().retainAll(resetUsers.keySet());
    return users.remove(id) != null;
  }
}
