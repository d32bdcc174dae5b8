package dev.vigil.account;

import java.time.Instant;
import java.util.Optional;

/**
 * Client addresses refused sign-in until a time: the credential-stuffing rule's refusals (OWASP
 * ASVS 5.0 V6.3.1, against credential stuffing and password spraying). Kept in the store, so a
 * refusal decided by the node that runs the rules holds on every node that shares it. Every method
 * may throw {@link dev.vigil.session.StoreUnavailableException}.
 */
public interface SignInBlocks {
  /**
   * Refuses sign-ins from {@code address} until {@code until}; a block that already ends later is
   * kept as it is. Atomic: of two blocks written at once, the later end stands.
   *
   * @param address a client address as {@link dev.vigil.client.IpAddress#text()} writes it
   */
  void block(String address, Instant until);

  /** When the block on {@code address} ends, if one is in force at {@code now}. */
  Optional<Instant> blockedUntil(String address, Instant now);

  /**
   * Forgets the blocks that ended at or before {@code now}.
   *
   * @return how many were forgotten
   */
  int forgetEnded(Instant now);
}
