package dev.vigil.token;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The signing keys of a deployment: exactly one current key (not retired), which signs new tokens,
 * and any number of retired keys, which keep verifying for {@code overlap} after their retirement
 * and are refused after that ({@code KEY_RETIRED}). Immutable; {@link #rotate} returns a new
 * keyring.
 */
public record Keyring(List<SigningKey> keys) {
  public Keyring {
    keys = List.copyOf(keys);
    // Compact constructor: validation only; look-ups below loop over a handful of keys.
    long current = keys.stream().filter(k -> k.retiredAt().isEmpty()).count();
    if (current != 1) {
      throw new IllegalArgumentException("a keyring needs exactly one current key, has " + current);
    }
    if (keys.stream().map(SigningKey::id).distinct().count() != keys.size()) {
      throw new IllegalArgumentException("key ids in a keyring must be unique");
    }
  }

  /** What the keyring says of a key id at a given time. */
  public sealed interface Lookup {
    /** The key verifies tokens. */
    record Usable(SigningKey key) implements Lookup {}

    /**
     * The key's overlap ended at {@code retiredUntil}. The key is still given so that a caller can
     * tell an authentic old token ({@code KEY_RETIRED}) from a forged one ({@code TAMPERED}).
     */
    record Retired(SigningKey key, Instant retiredUntil) implements Lookup {}

    /** No key has this id. */
    record Unknown(KeyId id) implements Lookup {}
  }

  /** A keyring with one fresh key. */
  public static Keyring generate(SecureRandom random, Instant now) {
    return new Keyring(List.of(newKey(random, now, List.of())));
  }

  /** The key that signs new tokens. */
  public SigningKey current() {
    for (SigningKey k : keys) {
      if (k.retiredAt().isEmpty()) {
        return k;
      }
    }
    throw new IllegalStateException("checked in the constructor");
  }

  /** The key with this id, whatever its state. */
  public Optional<SigningKey> find(KeyId id) {
    for (SigningKey k : keys) {
      if (k.id().equals(id)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** Whether tokens signed with {@code id} verify at {@code now} given the overlap. */
  public Lookup lookup(KeyId id, Instant now, Duration overlap) {
    Optional<SigningKey> key = find(id);
    if (key.isEmpty()) {
      return new Lookup.Unknown(id);
    }
    Optional<Instant> retired = key.get().retiredAt();
    if (retired.isPresent() && !now.isBefore(retired.get().plus(overlap))) {
      return new Lookup.Retired(key.get(), retired.get().plus(overlap));
    }
    return new Lookup.Usable(key.get());
  }

  /**
   * A new keyring whose current key is fresh; the previous current key is retired at {@code now}.
   * Keys whose overlap ended more than {@code overlap} ago are kept, so that their tokens still
   * answer {@code KEY_RETIRED} rather than {@code TAMPERED}; only the material is needed for that
   * check, and it can no longer authenticate anything.
   */
  public Keyring rotate(SecureRandom random, Instant now) {
    List<SigningKey> next = new ArrayList<>();
    for (SigningKey k : keys) {
      next.add(k.retiredAt().isPresent() ? k : k.retire(now));
    }
    next.add(newKey(random, now, next));
    return new Keyring(next);
  }

  private static SigningKey newKey(SecureRandom random, Instant now, List<SigningKey> existing) {
    byte[] material = new byte[SigningKey.LENGTH];
    random.nextBytes(material);
    KeyId id;
    do {
      id = new KeyId(randomId(random));
    } while (idTaken(existing, id));
    return new SigningKey(id, material, now, Optional.empty());
  }

  private static boolean idTaken(List<SigningKey> keys, KeyId id) {
    return keys.stream().anyMatch(k -> k.id().equals(id));
  }

  private static String randomId(SecureRandom random) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder sb = new StringBuilder(6);
    for (int i = 0; i < 6; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
