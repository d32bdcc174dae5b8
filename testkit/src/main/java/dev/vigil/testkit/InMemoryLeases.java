package dev.vigil.testkit;

import dev.vigil.lease.Leases;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Leases in memory, for tests. Thread-safe. */
public final class InMemoryLeases implements Leases {
  private record Held(String holder, Instant until) {}

  private final Map<String, Held> leases = new HashMap<>();

  @Override
  public synchronized boolean hold(String name, String holder, Instant now, Instant until) {
    Held h = leases.get(name);
    if (h == null || h.holder().equals(holder) || !h.until().isAfter(now)) {
      leases.put(name, new Held(holder, until));
      return true;
    }
    return false;
  }

  @Override
  public synchronized void release(String name, String holder) {
    Held h = leases.get(name);
    if (h != null && h.holder().equals(holder)) {
      leases.remove(name);
    }
  }
}
