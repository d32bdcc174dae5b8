package dev.vigil.testkit;

/** The in-memory outbox passes the same contract as the real stores. */
class InMemoryOutboxTest extends OutboxContract {
  @Override
  protected Object newStore() {
    return new InMemoryOutbox();
  }
}
