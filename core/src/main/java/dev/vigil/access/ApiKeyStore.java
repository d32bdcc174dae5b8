package dev.vigil.access;

import dev.vigil.token.SecretHash;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where API keys are kept. Methods may throw {@link dev.vigil.session.StoreUnavailableException}.
 */
public interface ApiKeyStore {
  /** Adds a key, or replaces the hash and scopes of the key with the same name. */
  void save(ApiKey key);

  /** The key whose hash is {@code hash}, revoked ones included. */
  Optional<ApiKey> findByHash(SecretHash hash);

  /** Every key, oldest first. */
  List<ApiKey> list();

  /**
   * Marks the key with this id or name as revoked.
   *
   * @return whether such an unrevoked key existed
   */
  boolean revoke(String idOrName, Instant at);
}
