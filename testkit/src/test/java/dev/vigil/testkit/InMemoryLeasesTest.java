package dev.vigil.testkit;

import dev.vigil.lease.Leases;

/** The in-memory leases pass the same contract as the real stores. */
class InMemoryLeasesTest extends LeasesContract {
  @Override
  protected Leases newLeases() {
    return new InMemoryLeases();
  }
}
