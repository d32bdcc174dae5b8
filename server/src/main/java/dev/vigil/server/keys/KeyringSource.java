package dev.vigil.server.keys;

import dev.vigil.token.Keyring;
import dev.vigil.token.KeyringSupplier;
import java.time.Clock;

/**
 * Where a node gets its keyring: {@link #get()} answers from memory on every token; {@link
 * #reloadIfChanged()} (run every few seconds) picks up a rotation made elsewhere.
 */
public interface KeyringSource extends KeyringSupplier {
  /** Adds a new current key and retires the previous one; returns the new keyring. */
  Keyring rotate(Clock clock);

  /** Reads the stored keyring again if it changed since it was last read. */
  void reloadIfChanged();
}
