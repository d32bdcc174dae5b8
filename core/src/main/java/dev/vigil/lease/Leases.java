package dev.vigil.lease;

import java.time.Instant;

/**
 * Named leases, decided in the store so that every node sharing it agrees who holds each. Every
 * method may throw {@link dev.vigil.session.StoreUnavailableException}.
 */
public interface Leases {
  /**
   * Takes the lease {@code name} for {@code holder} until {@code until}, or renews it, atomically:
   * only if nobody holds it, its holder's time ran out ({@code until} of the holder at or before
   * {@code now}), or {@code holder} holds it already. Of several nodes asking at once, one gets it.
   *
   * @return whether {@code holder} holds the lease after the call
   */
  boolean hold(String name, String holder, Instant now, Instant until);

  /** Gives the lease up, if {@code holder} holds it, so another node may take it at once. */
  void release(String name, String holder);
}
