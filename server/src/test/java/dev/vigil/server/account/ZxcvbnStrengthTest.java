package dev.vigil.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ZxcvbnStrengthTest {
  private final ZxcvbnStrength strength = new ZxcvbnStrength();

  @Test
  void commonAndPatternPasswords_areRefusedWithZxcvbnsWords() {
    assertThat(strength.weakness("passwordpassword", List.of("alice")))
        .hasValueSatisfying(w -> assertThat(w).startsWith("The password is too easy to guess."));
    assertThat(strength.weakness("qwertyuiopasdfgh", List.of("alice"))).isPresent();
  }

  @Test
  void usernameRepeated_isRefused_evenWhereZxcvbnWouldAllowIt() {
    assertThat(strength.weakness("changer changer", List.of("changer")))
        .contains("The password is mostly your username or e-mail address.");
    assertThat(
            strength.weakness(
                "alice@example.com 2026!", List.of("alice@example.com", "alice", "example", "com")))
        .isPresent();
  }

  @Test
  void longUnrelatedPassphrase_isAccepted() {
    assertThat(strength.weakness("violet kettle marching sideways 81", List.of("alice"))).isEmpty();
  }
}
