package dev.vigil.testkit;

import dev.vigil.account.MfaStore;
import dev.vigil.account.UserStore;

/** The in-memory MFA store passes the same contract as the real stores. */
class InMemoryMfaStoreTest extends MfaStoreContract {
  @Override
  protected MfaStore newStore() {
    return new InMemoryMfaStore();
  }

  @Override
  protected UserStore users() {
    return null;
  }
}
