package dev.vigil.session;

import dev.vigil.token.KeyId;
import dev.vigil.token.SecretHash;
import java.time.Instant;
import java.util.Optional;

/**
 * The rotation state of a session's token: the current generation and the hash of its secret,
 * whether that token has been presented yet, and what is needed to recognise and answer the
 * previous generation during the grace window.
 *
 * @param generation the current generation, starting at 0
 * @param currentHash SHA-256 of the current token's secret
 * @param currentUsed whether the current token has been presented at least once
 * @param issuedAt when the current generation was issued (rotation is due {@code rotate_after}
 *     later; the previous generation's grace window starts here)
 * @param previousHash SHA-256 of the previous generation's secret, if the current one came from an
 *     automatic rotation (empty after creation and after an explicit rotation)
 * @param successorNonce the random nonce mixed into the current secret when it was derived from the
 *     previous one; present exactly when {@code previousHash} is
 * @param currentKid the key that signed the current token
 * @param supersededBelow tokens of a generation below this were replaced by an explicit rotation
 * @param renewPending the session's privileges changed: rotate the current token the next time it
 *     is presented, whatever its age (the previous token keeps its grace as for any rotation)
 */
public record TokenChain(
    long generation,
    SecretHash currentHash,
    boolean currentUsed,
    Instant issuedAt,
    Optional<SecretHash> previousHash,
    Optional<byte[]> successorNonce,
    KeyId currentKid,
    long supersededBelow,
    boolean renewPending) {

  /** Length of {@link #successorNonce()} in bytes. */
  public static final int NONCE_LENGTH = 16;

  public TokenChain {
    if (generation < 0 || supersededBelow < 0 || supersededBelow > generation) {
      throw new IllegalArgumentException(
          "generation " + generation + ", superseded below " + supersededBelow);
    }
    if (previousHash.isPresent() != successorNonce.isPresent()) {
      throw new IllegalArgumentException("previous hash and successor nonce come together");
    }
    successorNonce = successorNonce.map(byte[]::clone);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenChain c
        && generation == c.generation
        && currentHash.equals(c.currentHash)
        && currentUsed == c.currentUsed
        && issuedAt.equals(c.issuedAt)
        && previousHash.equals(c.previousHash)
        && java.util.Arrays.equals(successorNonce.orElse(null), c.successorNonce.orElse(null))
        && currentKid.equals(c.currentKid)
        && supersededBelow == c.supersededBelow
        && renewPending == c.renewPending;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(generation, currentHash, currentUsed, issuedAt, currentKid);
  }

  @Override
  public Optional<byte[]> successorNonce() {
    return successorNonce.map(byte[]::clone);
  }

  /** The chain of a new session: generation 0, unused. */
  public static TokenChain first(SecretHash hash, KeyId kid, Instant now) {
    return new TokenChain(0, hash, false, now, Optional.empty(), Optional.empty(), kid, 0, false);
  }

  /** The current token marked as presented. */
  public TokenChain used() {
    return new TokenChain(
        generation,
        currentHash,
        true,
        issuedAt,
        previousHash,
        successorNonce,
        currentKid,
        supersededBelow,
        renewPending);
  }

  /** This chain, to be rotated at the next presentation of its current token. */
  public TokenChain renewSoon() {
    return new TokenChain(
        generation,
        currentHash,
        currentUsed,
        issuedAt,
        previousHash,
        successorNonce,
        currentKid,
        supersededBelow,
        true);
  }

  /**
   * The next generation after an automatic rotation, derived from the current with {@code nonce}.
   */
  public TokenChain rotated(SecretHash next, byte[] nonce, KeyId kid, Instant now) {
    return new TokenChain(
        generation + 1,
        next,
        false,
        now,
        Optional.of(currentHash),
        Optional.of(nonce),
        kid,
        supersededBelow,
        false);
  }

  /** The next generation after an explicit rotation: every earlier token becomes SUPERSEDED. */
  public TokenChain superseded(SecretHash next, KeyId kid, Instant now) {
    return new TokenChain(
        generation + 1,
        next,
        false,
        now,
        Optional.empty(),
        Optional.empty(),
        kid,
        generation + 1,
        false);
  }
}
