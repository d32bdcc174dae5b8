package dev.vigil.testkit;

import dev.vigil.token.KeyringStore;

/** The in-memory keyring store passes the same contract as the real stores. */
class InMemoryKeyringStoreTest extends KeyringStoreContract {
  @Override
  protected KeyringStore newStore() {
    return new InMemoryKeyringStore();
  }
}
