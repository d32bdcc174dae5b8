package dev.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code serve}'s warm-up thread: off when told, a daemon that ends, every step of both kinds
 * working, a failing step skipped.
 */
class WarmUpTest {
  @Test
  void theWarmUp_runsOnADaemonThread_thatEnds() throws Exception {
    String before = System.clearProperty(WarmUp.PROPERTY);
    try {
      Thread thread = WarmUp.begin().orElseThrow();
      assertThat(thread.isDaemon()).isTrue();
      assertThat(thread.getName()).isEqualTo("vigil-warm-up");
      assertThat(thread.join(Duration.ofSeconds(30))).isTrue();
    } finally {
      restore(before);
    }
  }

  @Test
  void withThePropertyFalse_noThreadStarts() {
    String before = System.setProperty(WarmUp.PROPERTY, "false");
    try {
      assertThat(WarmUp.begin()).isEmpty();
    } finally {
      restore(before);
    }
  }

  @Test
  void everyStep_ofBothWarmUps_runsWithoutFailing() {
    // a step that fails is skipped in a start without a word: a class renamed by a library's new
    // version would make it do nothing unseen
    for (String mode : java.util.List.of(WarmUp.CACHED, "")) {
      assertThat(WarmUp.steps(mode)).isNotEmpty();
      for (Runnable step : WarmUp.steps(mode)) {
        step.run();
      }
    }
  }

  @Test
  void aStepThatFails_isSkipped_andTheNextOnesRun() {
    AtomicInteger ran = new AtomicInteger();
    WarmUp.run(
        java.util.List.of(
            ran::incrementAndGet,
            () -> {
              throw new IllegalStateException("a library missing from the jar");
            },
            () -> {
              throw new NoClassDefFoundError("io/javalin/Javalin");
            },
            ran::incrementAndGet));
    assertThat(ran).hasValue(2);
  }

  private static void restore(String before) {
    Optional.ofNullable(before)
        .ifPresentOrElse(
            v -> System.setProperty(WarmUp.PROPERTY, v),
            () -> System.clearProperty(WarmUp.PROPERTY));
  }
}
