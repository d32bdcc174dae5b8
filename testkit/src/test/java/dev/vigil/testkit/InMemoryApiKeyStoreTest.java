package dev.vigil.testkit;

import dev.vigil.access.ApiKeyStore;

/** The in-memory key store passes the same contract as the real stores. */
class InMemoryApiKeyStoreTest extends ApiKeyStoreContract {
  @Override
  protected ApiKeyStore newStore() {
    return new InMemoryApiKeyStore();
  }
}
