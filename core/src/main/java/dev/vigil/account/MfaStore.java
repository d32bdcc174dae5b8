package dev.vigil.account;

import dev.vigil.id.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where TOTP enrolments, recovery codes and sign-in challenges live. Every method may throw {@link
 * dev.vigil.session.StoreUnavailableException}; the "use" methods are atomic compare-and-sets, so a
 * code or challenge can be used once across nodes.
 */
public interface MfaStore {
  /** A user's TOTP enrolment: the sealed seed, whether confirmed, the last step used. */
  record Enrolment(UserId user, String sealedSecret, boolean confirmed, long lastStep) {}

  /**
   * Stores (or replaces) an unconfirmed enrolment, unless the user has a confirmed one: a confirmed
   * authenticator is never replaced this way (it must be removed first).
   *
   * @return whether it was stored
   */
  boolean enrol(Enrolment enrolment);

  /** The user's enrolment. */
  Optional<Enrolment> find(UserId user);

  /**
   * Confirms an unconfirmed enrolment with the step of its first code and stores the recovery code
   * hashes, only if the enrolment still holds {@code sealedSecret} (the seed the code was checked
   * against: a re-enrolment meanwhile is never confirmed by a code of the seed it replaced); of
   * many confirmations at once, exactly one succeeds.
   *
   * @return whether this call confirmed it
   */
  boolean confirm(UserId user, String sealedSecret, long step, List<String> recoveryCodeHashes);

  /** How many unused recovery codes the user has. */
  int recoveryCodesLeft(UserId user);

  /** Records {@code step} as used, if it is later than the last used one; whether it was. */
  boolean useStep(UserId user, long step);

  /** Marks an unused recovery code with this hash as used; whether there was one. */
  boolean useRecoveryCode(UserId user, String hash);

  /**
   * Removes the enrolment and its recovery codes.
   *
   * @return whether there was one
   */
  boolean remove(UserId user);

  /**
   * A pending sign-in: the user whose password was right, and a digest of the password hash it was
   * right against (so that a password changed meanwhile voids the challenge).
   */
  record Challenge(UserId user, String credential) {}

  /** Stores a sign-in challenge (by hash) for a user, valid until {@code expires}. */
  void addChallenge(String hash, Challenge challenge, Instant expires);

  /** An unexpired challenge, left in place (a wrong code does not use it up). */
  Optional<Challenge> findChallenge(String hash, Instant now);

  /**
   * Deletes the challenge; whether this call deleted it (only one caller can complete a sign-in).
   */
  boolean takeChallenge(String hash);
}
