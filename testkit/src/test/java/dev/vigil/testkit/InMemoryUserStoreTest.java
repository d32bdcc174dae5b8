package dev.vigil.testkit;

import dev.vigil.account.UserStore;

/** The in-memory user store passes the same contract as the real stores. */
class InMemoryUserStoreTest extends UserStoreContract {
  @Override
  protected UserStore newStore() {
    return new InMemoryUserStore();
  }
}
