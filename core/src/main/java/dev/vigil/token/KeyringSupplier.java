package dev.vigil.token;

import java.util.function.Supplier;

/**
 * Where a node gets its keyring: {@link #get()} answers from memory on every token; {@link
 * #fresh()} is asked when a token names a key this node does not know yet (another node may have
 * just rotated), and may read the kept keyring again first.
 */
@FunctionalInterface
public interface KeyringSupplier extends Supplier<Keyring> {
  /**
   * The keyring, read again from where it is kept if that may show keys {@link #get()} does not
   * have yet; implementations bound how often that happens, since anyone can send a token naming an
   * unknown key.
   */
  default Keyring fresh() {
    return get();
  }
}
