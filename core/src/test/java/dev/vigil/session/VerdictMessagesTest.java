package dev.vigil.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictMessagesTest {
  @Test
  void expiredIdle_saysTheTimeoutInWords() {
    var facts = new VerdictMessages.Facts(Duration.ofMinutes(30), RevocationCause.ADMIN, List.of());
    assertThat(VerdictMessages.of(Reason.EXPIRED_IDLE, facts))
        .isEqualTo("You were signed out after 30 minutes without activity. Please sign in again.");
  }

  @Test
  void human_picksTheLargestExactUnit() {
    assertThat(VerdictMessages.human(Duration.ofHours(12))).isEqualTo("12 hours");
    assertThat(VerdictMessages.human(Duration.ofDays(1))).isEqualTo("1 day");
    assertThat(VerdictMessages.human(Duration.ofSeconds(90))).isEqualTo("90 seconds");
    assertThat(VerdictMessages.human(Duration.ofSeconds(1))).isEqualTo("1 second");
  }

  @Test
  void everyReason_hasAMessageWithoutTechnicalWords() {
    for (Reason r : Reason.values()) {
      String m =
          VerdictMessages.of(
              r,
              new VerdictMessages.Facts(
                  Duration.ofMinutes(5), RevocationCause.LOGOUT, List.of("role admin")));
      assertThat(m)
          .as(r.name())
          .isNotBlank()
          .doesNotContain("null")
          .doesNotContainIgnoringCase("exception")
          .doesNotContain("HMAC");
    }
  }
}
