package dev.vigil.testkit;

import dev.vigil.token.KeyringStore;
import java.util.Optional;

/** A keyring store in memory, for tests. Thread-safe. */
public final class InMemoryKeyringStore implements KeyringStore {
  private Optional<Versioned> stored = Optional.empty();

  @Override
  public synchronized Optional<Versioned> load() {
    return stored;
  }

  @Override
  public synchronized boolean save(long expectedVersion, String sealed) {
    if (stored.map(Versioned::version).orElse(0L) != expectedVersion) {
      return false;
    }
    stored = Optional.of(new Versioned(expectedVersion + 1, sealed));
    return true;
  }
}
