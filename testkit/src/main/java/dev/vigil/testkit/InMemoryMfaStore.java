package dev.vigil.testkit;

import dev.vigil.account.MfaStore;
import dev.vigil.id.UserId;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An {@link MfaStore} in maps, for tests. Synchronized. */
public final class InMemoryMfaStore implements MfaStore {
  private final Map<UserId, Enrolment> enrolments = new HashMap<>();
  private final Map<UserId, Set<String>> unusedCodes = new HashMap<>();
  private final Map<String, Challenge> challenges = new HashMap<>();
  private final Map<String, Instant> challengeExpiry = new HashMap<>();

  @Override
  public synchronized boolean enrol(Enrolment e) {
    Enrolment old = enrolments.get(e.user());
    if (old != null && old.confirmed()) {
      return false;
    }
    enrolments.put(e.user(), e);
    unusedCodes.remove(e.user());
    return true;
  }

  @Override
  public synchronized Optional<Enrolment> find(UserId user) {
    return Optional.ofNullable(enrolments.get(user));
  }

  @Override
  public synchronized boolean confirm(
      UserId user, String sealedSecret, long step, List<String> hashes) {
    Enrolment e = enrolments.get(user);
    if (e == null || e.confirmed() || !e.sealedSecret().equals(sealedSecret)) {
      return false;
    }
    enrolments.put(user, new Enrolment(user, e.sealedSecret(), true, step));
    unusedCodes.put(user, new HashSet<>(hashes));
    return true;
  }

  @Override
  public synchronized int recoveryCodesLeft(UserId user) {
    return unusedCodes.getOrDefault(user, Set.of()).size();
  }

  @Override
  public synchronized boolean useStep(UserId user, long step) {
    Enrolment e = enrolments.get(user);
    if (e == null || step <= e.lastStep()) {
      return false;
    }
    enrolments.put(user, new Enrolment(user, e.sealedSecret(), e.confirmed(), step));
    return true;
  }

  @Override
  public synchronized boolean useRecoveryCode(UserId user, String hash) {
    return unusedCodes.getOrDefault(user, Set.of()).contains(hash)
        && unusedCodes.get(user).remove(hash);
  }

  @Override
  public synchronized boolean remove(UserId user) {
    unusedCodes.remove(user);
    return enrolments.remove(user) != null;
  }

  @Override
  public synchronized void addChallenge(String hash, Challenge challenge, Instant expires) {
    challenges.put(hash, challenge);
    challengeExpiry.put(hash, expires);
  }

  @Override
  public synchronized Optional<Challenge> findChallenge(String hash, Instant now) {
    Instant expires = challengeExpiry.get(hash);
    return expires != null && now.isBefore(expires)
        ? Optional.of(challenges.get(hash))
        : Optional.empty();
  }

  @Override
  public synchronized boolean takeChallenge(String hash) {
    challengeExpiry.remove(hash);
    return challenges.remove(hash) != null;
  }
}
