package dev.vigil.testkit;

import dev.vigil.account.SignInBlocks;

/** The in-memory sign-in blocks pass the same contract as the real stores. */
class InMemorySignInBlocksTest extends SignInBlocksContract {
  @Override
  protected SignInBlocks newBlocks() {
    return new InMemorySignInBlocks();
  }
}
