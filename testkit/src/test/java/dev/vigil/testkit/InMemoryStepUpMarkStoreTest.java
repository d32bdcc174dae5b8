package dev.vigil.testkit;

import dev.vigil.session.StepUpMarkStore;

/** The in-memory step-up marks pass the same contract as the real stores. */
class InMemoryStepUpMarkStoreTest extends StepUpMarkStoreContract {
  @Override
  protected StepUpMarkStore newStore() {
    return new InMemoryStepUpMarkStore();
  }
}
