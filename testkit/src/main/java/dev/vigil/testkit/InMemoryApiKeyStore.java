package dev.vigil.testkit;

import dev.vigil.access.ApiKey;
import dev.vigil.access.ApiKeyStore;
import dev.vigil.token.SecretHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An {@link ApiKeyStore} in a list, for tests. Synchronized. */
public final class InMemoryApiKeyStore implements ApiKeyStore {
  private final List<ApiKey> keys = new ArrayList<>();

  @Override
  public synchronized boolean insert(ApiKey key) {
    if (keys.stream().anyMatch(k -> k.name().equals(key.name()) && k.revokedAt().isEmpty())) {
      return false;
    }
    save(key);
    return true;
  }

  @Override
  public synchronized void save(ApiKey key) {
    keys.removeIf(k -> k.name().equals(key.name()));
    keys.add(key);
  }

  @Override
  public synchronized Optional<ApiKey> findByHash(SecretHash hash) {
    return keys.stream().filter(k -> k.hash().equals(hash)).findFirst();
  }

  @Override
  public synchronized List<ApiKey> list() {
    return List.copyOf(keys);
  }

  @Override
  public synchronized boolean revoke(String idOrName, Instant at) {
    for (int i = 0; i < keys.size(); i++) {
      ApiKey k = keys.get(i);
      if ((k.id().equals(idOrName) || k.name().equals(idOrName)) && k.revokedAt().isEmpty()) {
        keys.set(
            i, new ApiKey(k.id(), k.name(), k.hash(), k.scopes(), k.createdAt(), Optional.of(at)));
        return true;
      }
    }
    return false;
  }
}
