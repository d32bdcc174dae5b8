package dev.vigil.testkit;

import dev.vigil.account.User;
import dev.vigil.account.UserStore;
import dev.vigil.id.UserId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link UserStore} in a map, for tests. Synchronized on writes. */
public final class InMemoryUserStore implements UserStore {
  private final Map<UserId, User> users = new ConcurrentHashMap<>();

  @Override
  public synchronized boolean insert(User user) {
    if (findByUsername(user.username().key()).isPresent() || users.containsKey(user.id())) {
      return false;
    }
    users.put(user.id(), user);
    return true;
  }

  @Override
  public Optional<User> find(UserId id) {
    return Optional.ofNullable(users.get(id));
  }

  @Override
  public Optional<User> findByUsername(String key) {
    return users.values().stream().filter(u -> u.username().key().equals(key)).findFirst();
  }

  @Override
  public java.util.List<User> list(int limit) {
    return users.values().stream()
        .sorted(java.util.Comparator.comparing(u -> u.username().key()))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized void update(User user) {
    users.replace(user.id(), user);
  }

  private final Map<String, UserId> resetUsers = new ConcurrentHashMap<>();
  private final Map<String, java.time.Instant> resetExpiry = new ConcurrentHashMap<>();

  @Override
  public synchronized void addResetToken(String hash, UserId user, java.time.Instant expires) {
    resetUsers.values().removeIf(user::equals);
    resetExpiry.keySet().retainAll(resetUsers.keySet());
    resetUsers.put(hash, user);
    resetExpiry.put(hash, expires);
  }

  @Override
  public synchronized Optional<UserId> takeResetToken(String hash, java.time.Instant now) {
    UserId user = resetUsers.remove(hash);
    java.time.Instant expires = resetExpiry.remove(hash);
    return user != null && now.isBefore(expires) ? Optional.of(user) : Optional.empty();
  }

  @Override
  public synchronized boolean delete(UserId id) {
    return users.remove(id) != null;
  }
}
