package dev.vigil.server;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds, for results produced by background threads. */
public final class Eventually {
  private Eventually() {}

  /**
   * Waits until {@code condition} holds, checking every 50 ms.
   *
   * @throws AssertionError naming {@code what} if it still does not hold after {@code within}
   */
  public static void until(String what, Duration within, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still not true after " + within + ": " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  /** {@link #until(String, Duration, BooleanSupplier)} within 15 seconds. */
  public static void until(String what, BooleanSupplier condition) {
    until(what, Duration.ofSeconds(15), condition);
  }
}
