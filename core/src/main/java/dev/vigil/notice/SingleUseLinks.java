package dev.vigil.notice;

import java.time.Instant;

/**
 * Links in notices that work once ("this wasn't me"), by id. Every method may throw {@link
 * dev.vigil.session.StoreUnavailableException}.
 */
public interface SingleUseLinks {
  /** Whether the link was used. */
  boolean linkUsed(String id);

  /**
   * Marks the link as used, atomically: of several uses at once, exactly one succeeds.
   *
   * @return false when it had been used before
   */
  boolean useLink(String id, Instant now);
}
