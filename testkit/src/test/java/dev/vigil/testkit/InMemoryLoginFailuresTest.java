package dev.vigil.testkit;

/** The in-memory failure counts pass the same contract as the real stores. */
class InMemoryLoginFailuresTest extends LoginFailuresContract {
  @Override
  protected Stores newStores() {
    InMemoryUserStore users = new InMemoryUserStore();
    return new Stores(new InMemoryLoginFailures(users), users);
  }
}
