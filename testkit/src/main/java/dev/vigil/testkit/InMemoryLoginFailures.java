package dev.vigil.testkit;

import dev.vigil.account.LoginFailures;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@link LoginFailures} in a map, for tests. Every method holds the store's lock: an in-memory
 * store serves one process, so its lock is its store's atomicity.
 */
public final class InMemoryLoginFailures implements LoginFailures {
  private final Map<String, Count> counts = new HashMap<>();
  private final Predicate<String> known;

  /** A store that knows which keys belong to accounts through {@code known}. */
  public InMemoryLoginFailures(Predicate<String> known) {
    this.known = known;
  }

  /** A store for accounts kept in {@code users}. */
  public InMemoryLoginFailures(InMemoryUserStore users) {
    this(users::hasKey);
  }

  @Override
  public synchronized Count find(String key) {
    return counts.getOrDefault(key, Count.NONE);
  }

  @Override
  public synchronized boolean compareAndCount(String key, Count expected, Instant at) {
    if (!find(key).equals(expected)) {
      return false;
    }
    counts.put(key, new Count(expected.failures() + 1, Optional.of(at)));
    return true;
  }

  @Override
  public synchronized void clear(String key) {
    counts.remove(key);
  }

  @Override
  public synchronized int purgeUnknown(Instant cutoff, int hardStop) {
    int before = counts.size();
    counts
        .entrySet()
        .removeIf(
            e ->
                e.getValue().failures() < hardStop
                    && e.getValue().lastFailureAt().orElseThrow().isBefore(cutoff)
                    && !known.test(e.getKey()));
    return before - counts.size();
  }
}
