package dev.vigil.server.keys;

import dev.vigil.token.Keyring;
import dev.vigil.token.KeyringStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The keyring every node shares, kept sealed with the {@link MasterKey} in a {@link KeyringStore}.
 * A rotation on one node is a versioned save (of several at once, one wins and the others take the
 * winner's keyring); every node picks it up at its next {@link #reloadIfChanged()}, so within the
 * reload period (2 s on a running server).
 */
public final class SharedKeyring implements KeyringSource {
  private final KeyringStore store;
  private final MasterKey master;
  private volatile Keyring keyring;
  private volatile long version;
  private volatile long freshAt;

  /** A token naming an unknown key reads the store again at most this often, in nanoseconds. */
  private static final long FRESH_EVERY = 250_000_000L;

  private SharedKeyring(KeyringStore store, MasterKey master, Keyring keyring, long version) {
    this.store = store;
    this.master = master;
    this.keyring = keyring;
    this.version = version;
  }

  /**
   * Opens the shared keyring; when the store has none yet, stores {@code initial} (a keyring moved
   * from a data directory, so its tokens stay valid) or else a new one with one fresh key.
   *
   * @throws IllegalArgumentException when the stored keyring does not open with {@code master}
   */
  public static SharedKeyring open(
      KeyringStore store, MasterKey master, Supplier<Optional<Keyring>> initial, Clock clock) {
    Optional<KeyringStore.Versioned> stored = store.load();
    if (stored.isEmpty()) {
      Keyring first =
          initial.get().orElseGet(() -> Keyring.generate(new SecureRandom(), clock.instant()));
      store.save(0, seal(master, first));
      stored = store.load();
    }
    KeyringStore.Versioned v = stored.orElseThrow();
    return new SharedKeyring(store, master, open(master, v.sealed()), v.version());
  }

  /** Rotations lost to other nodes' before {@link #rotate} gives up. */
  private static final int MAX_ATTEMPTS = 100;

  @Override
  public Keyring get() {
    return keyring;
  }

  /** Reads the store again, at most every 250 ms: a token may name a key rotated in elsewhere. */
  @Override
  public Keyring fresh() {
    long now = System.nanoTime();
    if (now - freshAt >= FRESH_EVERY) {
      freshAt = now;
      reloadIfChanged();
    }
    return keyring;
  }

  @Override
  public synchronized Keyring rotate(Clock clock) {
    for (int attempt = 0; ; attempt++) {
      if (attempt == MAX_ATTEMPTS) { // each lost attempt is another node's rotation landing
        throw new dev.vigil.session.StoreUnavailableException(
            "keyring rotation: " + MAX_ATTEMPTS + " attempts lost to other writers", null);
      }
      reloadIfChanged();
      Keyring next = keyring.rotate(new SecureRandom(), clock.instant());
      if (store.save(version, seal(master, next))) {
        keyring = next;
        version = version + 1;
        return next;
      }
    }
  }

  @Override
  public synchronized void reloadIfChanged() {
    Optional<KeyringStore.Versioned> stored = store.load();
    if (stored.isPresent() && stored.get().version() != version) {
      keyring = open(master, stored.get().sealed());
      version = stored.get().version();
    }
  }

  private static String seal(MasterKey master, Keyring keyring) {
    try {
      return master.seal(KeyringJson.encode(keyring));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Keyring open(MasterKey master, String sealed) {
    try {
      return KeyringJson.decode(master.open(sealed));
    } catch (IOException e) {
      throw new IllegalArgumentException("the shared keyring is not a keyring: " + e.getMessage());
    }
  }
}
