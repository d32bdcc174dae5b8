package dev.vigil.server.account;

import dev.vigil.account.PasswordHasher;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.PasswordHashing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Argon2id engine a configuration asks for: libargon2 is looked for once per process (the
 * answer cannot change while it runs), and the choice is logged once. With {@code auto} it is
 * looked for at the first hash, not at start (loading JNA and the library takes tens of
 * milliseconds that start-up need not wait for); with {@code native}, at start, so that a missing
 * library stops the node there.
 */
public final class Argon2Engines {
  private static final Logger LOG = LoggerFactory.getLogger(Argon2Engines.class);

  private static volatile NativeArgon2.Result loaded;
  private static volatile boolean logged;

  private Argon2Engines() {}

  /**
   * The engine for {@code choice}.
   *
   * @throws ConfigException when {@code native} is asked for and libargon2 is not usable, saying
   *     why
   */
  public static PasswordHasher.Engine of(PasswordHashing.Engine choice) {
    if (choice == PasswordHashing.Engine.JAVA) {
      return log(PasswordHasher.JAVA, "as configured");
    }
    if (choice == PasswordHashing.Engine.AUTO) {
      return new PasswordHasher.Engine() {
        @Override
        public byte[] argon2id(
            byte[] password, byte[] salt, PasswordHasher.Params params, int length) {
          return auto().argon2id(password, salt, params, length);
        }

        @Override
        public String name() {
          return auto().name();
        }
      };
    }
    NativeArgon2.Result result = nativeEngine();
    if (result.engine().isEmpty()) {
      throw new ConfigException(
          "password_hash_engine is native, but "
              + result.reason()
              + ": install libargon2 (Debian and Ubuntu: libargon2-1) or set auto or java");
    }
    return log(result.engine().get(), result.reason());
  }

  /** libargon2 when usable, else the Java engine. */
  private static PasswordHasher.Engine auto() {
    NativeArgon2.Result result = nativeEngine();
    return log(result.engine().orElse(PasswordHasher.JAVA), result.reason());
  }

  private static NativeArgon2.Result nativeEngine() {
    NativeArgon2.Result r = loaded;
    if (r == null) {
      synchronized (Argon2Engines.class) {
        r = loaded;
        if (r == null) {
          r = NativeArgon2.load();
          loaded = r;
        }
      }
    }
    return r;
  }

  private static PasswordHasher.Engine log(PasswordHasher.Engine engine, String why) {
    if (!logged) {
      logged = true;
      LOG.info("passwords are hashed by {}: {}", engine.name(), why);
    }
    return engine;
  }
}
