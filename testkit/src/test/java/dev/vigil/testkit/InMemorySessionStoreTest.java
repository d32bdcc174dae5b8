package dev.vigil.testkit;

import dev.vigil.session.SessionStore;

/** The in-memory session store passes the same contract as the real stores. */
class InMemorySessionStoreTest extends SessionStoreContract {
  @Override
  protected SessionStore newStore() {
    return new InMemorySessionStore();
  }
}
