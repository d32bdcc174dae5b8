package dev.vigil.testkit;

import dev.vigil.account.SignInBlocks;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Sign-in blocks in memory, for tests. Thread-safe. */
public final class InMemorySignInBlocks implements SignInBlocks {
  private final ConcurrentMap<String, Instant> blocks = new ConcurrentHashMap<>();

  @Override
  public void block(String address, Instant until) {
    blocks.merge(address, until, (a, b) -> a.isAfter(b) ? a : b);
  }

  @Override
  public Optional<Instant> blockedUntil(String address, Instant now) {
    return Optional.ofNullable(blocks.get(address)).filter(until -> until.isAfter(now));
  }

  @Override
  public int forgetEnded(Instant now) {
    int before = blocks.size();
    blocks.values().removeIf(until -> !until.isAfter(now));
    return before - blocks.size();
  }
}
