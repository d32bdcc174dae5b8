package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.lease.Leases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every store of leases must do: one holder at a time, taken over once it runs out. */
public abstract class LeasesContract {
  protected final MutableClock clock = MutableClock.standard();
  private Leases leases;

  protected abstract Leases newLeases() throws Exception;

  @BeforeEach
  void open() throws Exception {
    leases = newLeases();
  }

  private Instant in(int seconds) {
    return clock.instant().plusSeconds(seconds);
  }

  @Test
  void aHeldLease_isRenewedByItsHolder_andRefusedToOthersUntilItRunsOut() {
    assertThat(leases.hold("notifier", "node-a", clock.instant(), in(10))).isTrue();
    assertThat(leases.hold("notifier", "node-b", clock.instant(), in(10))).isFalse();
    assertThat(leases.hold("rules", "node-b", clock.instant(), in(10))).as("another name").isTrue();
    clock.advance(Duration.ofSeconds(5));
    assertThat(leases.hold("notifier", "node-a", clock.instant(), in(10))).as("renewed").isTrue();
    clock.advance(Duration.ofSeconds(9));
    assertThat(leases.hold("notifier", "node-b", clock.instant(), in(10))).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(leases.hold("notifier", "node-b", clock.instant(), in(10)))
        .as("node-a stopped renewing: taken over")
        .isTrue();
    assertThat(leases.hold("notifier", "node-a", clock.instant(), in(10))).isFalse();
  }

  @Test
  void aReleasedLease_canBeTakenAtOnce_butOnlyItsHolderReleasesIt() {
    leases.hold("purge", "node-a", clock.instant(), in(60));
    leases.release("purge", "node-b");
    assertThat(leases.hold("purge", "node-b", clock.instant(), in(60))).isFalse();
    leases.release("purge", "node-a");
    assertThat(leases.hold("purge", "node-b", clock.instant(), in(60))).isTrue();
  }

  @Test
  void manyNodesAskingAtOnce_oneGetsIt() throws Exception {
    List<Boolean> got =
        Races.race(16, i -> leases.hold("notifier", "node-" + i, clock.instant(), in(10)));
    assertThat(Races.count(got)).isEqualTo(1);
  }
}
