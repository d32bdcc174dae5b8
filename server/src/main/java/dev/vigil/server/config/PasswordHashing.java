package dev.vigil.server.config;

import dev.vigil.account.PasswordHasher;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How passwords are hashed.
 *
 * @param threads hashes computed at once: a fixed number, or (by default) one per core but one and
 *     every core while the rest of the machine leaves one idle
 * @param params the Argon2id cost of new hashes, at least OWASP's minimum for its passes
 * @param engine what computes Argon2id
 */
public record PasswordHashing(
    PasswordHasher.Concurrency threads, PasswordHasher.Params params, Engine engine) {
  /** What computes Argon2id ({@code password_hash_engine}). */
  public enum Engine {
    /** The system's libargon2 when it loads and passes its check, else {@link #JAVA}. */
    AUTO,
    /** The system's libargon2; the node does not start without it. */
    NATIVE,
    /** BouncyCastle. */
    JAVA;

    /** The name in configuration. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The engine named {@code text} in configuration, if any. */
    public static Optional<Engine> ofWire(String text) {
      return Arrays.stream(values()).filter(e -> e.wire().equals(text)).findFirst();
    }
  }
}
