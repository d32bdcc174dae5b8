package dev.vigil.access;

import dev.vigil.token.SecretHash;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where API keys are kept. Methods may throw {@link dev.vigil.session.StoreUnavailableException}.
 * Names are unique among unrevoked keys, decided by the store: of many {@link #insert}s of one name
 * at once, exactly one succeeds. The contract tests in {@code testkit} ({@code
 * ApiKeyStoreContract}) pin down the semantics.
 */
public interface ApiKeyStore {
  /**
   * Adds a key, unless an unrevoked key has its name (a revoked key of that name is replaced).
   *
   * @return whether it was added
   */
  boolean insert(ApiKey key);

  /**
   * Adds a key or replaces the key with the same name, revoked or not: the bootstrap key, whose
   * text the operator sets, replaces its earlier self.
   */
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
