package dev.vigil.token;

import java.util.Optional;

/**
 * Where the keyring is kept for every node to share, as an opaque sealed text (the sealing, with a
 * master key that is never stored beside it, is the caller's), with a version that changes on every
 * save. Every method may throw {@link dev.vigil.session.StoreUnavailableException}.
 */
public interface KeyringStore {
  /** A stored keyring and its version (at least 1). */
  record Versioned(long version, String sealed) {}

  /** The stored keyring, if one was ever saved. */
  Optional<Versioned> load();

  /**
   * Stores {@code sealed} as version {@code expectedVersion + 1}, only if the stored version is
   * still {@code expectedVersion} (0: nothing stored yet): of several nodes rotating at once,
   * exactly one succeeds and the others read the winner's keyring again.
   *
   * @return whether it was stored
   */
  boolean save(long expectedVersion, String sealed);
}
