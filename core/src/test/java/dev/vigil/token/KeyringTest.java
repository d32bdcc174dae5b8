package dev.vigil.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeyringTest {
  private final SecureRandom random = new SecureRandom();
  private final Instant t0 = Instant.parse("2026-11-29T10:00:00Z");

  @Test
  void rotate_newKeyIsCurrent_oldKeyUsableDuringOverlapThenRetired() {
    Keyring ring = Keyring.generate(random, t0);
    KeyId old = ring.current().id();
    Keyring next = ring.rotate(random, t0);

    assertThat(next.current().id()).isNotEqualTo(old);
    assertThat(next.lookup(old, t0.plus(Duration.ofMinutes(59)), Duration.ofHours(1)))
        .isInstanceOf(Keyring.Lookup.Usable.class);
    assertThat(next.lookup(old, t0.plus(Duration.ofHours(1)), Duration.ofHours(1)))
        .isInstanceOf(Keyring.Lookup.Retired.class);
    assertThat(next.lookup(new KeyId("nosuch"), t0, Duration.ofHours(1)))
        .isInstanceOf(Keyring.Lookup.Unknown.class);
  }
}
