package dev.vigil.server.probe;

import java.time.Duration;

/** The probe's real-time waits (expiry and rotation happen on the target's clock). */
final class Waits {
  private Waits() {}

  /**
   * Waits {@code d}.
   *
   * @throws Deployment.Unexpected when interrupted (the interrupt is kept)
   */
  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Deployment.Unexpected("interrupted while waiting " + d);
    }
  }
}
