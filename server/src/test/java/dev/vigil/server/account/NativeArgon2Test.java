package dev.vigil.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.account.PasswordHasher;
import dev.vigil.server.config.PasswordHashing;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * libargon2 through JNA gives BouncyCastle's bytes, so that hashes made by either engine verify
 * with the other; skipped without libargon2 unless {@code CI=true}, where it fails.
 */
class NativeArgon2Test {
  private static PasswordHasher.Engine nativeEngine;

  @BeforeAll
  static void load() {
    NativeArgon2.Result r = NativeArgon2.load();
    if (r.engine().isEmpty() && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI=true but " + r.reason() + ": .ci/run installs libargon2-1");
    }
    assumeTrue(r.engine().isPresent(), "skipped: " + r.reason() + " (apt-get install libargon2-1)");
    nativeEngine = r.engine().get();
  }

  @Test
  void givesTheJavaEnginesBytes_forManyPasswordsSaltsAndCosts() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 40; i++) {
      byte[] password = new byte[random.nextInt(0, 100)];
      random.nextBytes(password);
      byte[] salt = new byte[random.nextInt(8, 65)];
      random.nextBytes(salt);
      PasswordHasher.Params params =
          new PasswordHasher.Params(random.nextInt(8, 600), random.nextInt(1, 4), 1);
      int length = random.nextInt(4, 65);
      assertThat(nativeEngine.argon2id(password, salt, params, length))
          .as(
              "password %d bytes, salt %d bytes, %s, %d bytes out",
              password.length, salt.length, params, length)
          .isEqualTo(PasswordHasher.JAVA.argon2id(password, salt, params, length));
    }
  }

  @Test
  void hashesMadeByOneEngine_verifyWithTheOther_atKeycloaksCost() {
    PasswordHasher.Params keycloak = new PasswordHasher.Params(7 * 1024, 5, 1);
    PasswordHasher java = new PasswordHasher(PasswordHasher.JAVA, keycloak, 1, 1);
    PasswordHasher native_ = new PasswordHasher(nativeEngine, keycloak, 1, 1);
    String password = "crème brûlée on a wet tuesday";
    assertThat(native_.verify(password, java.hash(password))).isTrue();
    assertThat(java.verify(password, native_.hash(password))).isTrue();
    assertThat(native_.verify("creme brulee on a wet tuesday", java.hash(password))).isFalse();
  }

  @Test
  void aRefusalOfTheLibrary_isAnException_namingItsReason() {
    byte[] shortSalt = "salt".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(
            () ->
                nativeEngine.argon2id(
                    new byte[8], shortSalt, new PasswordHasher.Params(64, 1, 1), 32))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Salt is too short");
  }

  @Test
  void eachChoiceOfEngine_givesItsEngine_autoTheNativeOneWhereItLoads() {
    assertThat(Argon2Engines.of(PasswordHashing.Engine.JAVA)).isSameAs(PasswordHasher.JAVA);
    assertThat(Argon2Engines.of(PasswordHashing.Engine.NATIVE).name())
        .isEqualTo(nativeEngine.name());
    PasswordHasher.Engine auto = Argon2Engines.of(PasswordHashing.Engine.AUTO);
    assertThat(auto.name()).isEqualTo(nativeEngine.name());
    byte[] salt = new byte[16];
    PasswordHasher.Params params = new PasswordHasher.Params(64, 1, 1);
    assertThat(auto.argon2id(new byte[3], salt, params, 16))
        .isEqualTo(PasswordHasher.JAVA.argon2id(new byte[3], salt, params, 16));
  }
}
