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
        .contains(ZxcvbnStrength.MOSTLY_CONTEXT);
    assertThat(
            strength.weakness(
                "alice@example.com 2026!", List.of("alice@example.com", "alice", "example", "com")))
        .isPresent();
  }

  @Test
  void randomDigits_areAccepted_noCompositionRule() {
    assertThat(strength.weakness("83025519447122960375", List.of("alice", "alice@example.com")))
        .isEmpty();
  }

  @Test
  void theServicesOwnName_isAContextWord() {
    assertThat(strength.weakness("vigil password 2026!", List.of("alice")))
        .as("without the service's name in the context")
        .isEmpty();
    assertThat(strength.weakness("vigil password 2026!", List.of("alice", "vigil")))
        .contains(ZxcvbnStrength.MOSTLY_CONTEXT);
    assertThat(strength.weakness("Vigil-Vigil-2026", List.of("alice", "vigil")))
        .contains(ZxcvbnStrength.MOSTLY_CONTEXT);
    assertThat(strength.weakness("vigil violet kettle marching 81", List.of("alice", "vigil")))
        .as("a strong rest beside the service's name")
        .isEmpty();
  }

  @Test
  void longUnrelatedPassphrase_isAccepted() {
    assertThat(strength.weakness("violet kettle marching sideways 81", List.of("alice"))).isEmpty();
  }
}
