package dev.vigil.server.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The paced mode of a run, against a workload that answers at once except on one connection. */
class LoadRunTest {
  @Test
  void aPacedRun_sharesItsSchedule_soThatOneSlowConnectionHoldsUpOnlyItsOwnRequests()
      throws Exception {
    // one connection of four takes 100 ms a request, the others none; 100 requests a second for
    // 2 s. On one shared schedule the other three take what the slow one cannot: about 200
    // requests, none later than the slow answer itself. Were each connection given a quarter of
    // the schedule, the slow one would fall further behind with every request (a second late by
    // the end) and the run would send about 170.
    Result r =
        LoadRun.run(
            new OneSlowConnection(Duration.ofMillis(100)),
            Scenario.VERIFY,
            4,
            Duration.ZERO,
            Duration.ofSeconds(2),
            100,
            new PrintWriter(new StringWriter()));
    assertThat(r.requests()).isBetween(185L, 205L);
    assertThat(r.p99()).isLessThan(400);
    assertThat(r.p50()).isLessThan(50);
  }

  @Test
  void theSecondsWithSlowRequests_areNamed_withTheirWallClockTime() throws Exception {
    java.time.Instant before = java.time.Instant.now();
    Result r =
        LoadRun.run(
            new OneSlowConnection(Duration.ofMillis(150)),
            Scenario.VERIFY,
            4,
            Duration.ZERO,
            Duration.ofSeconds(2),
            100,
            new PrintWriter(new StringWriter()));
    assertThat(r.slowSeconds()).isNotEmpty().hasSizeLessThanOrEqualTo(5);
    for (Result.SlowSecond s : r.slowSeconds()) {
      assertThat(s.at()).isBetween(before.minusSeconds(1), java.time.Instant.now());
      assertThat(s.slow()).isPositive();
      assertThat(s.maxMs()).isGreaterThanOrEqualTo(150);
    }
    Result quick =
        LoadRun.run(
            new OneSlowConnection(Duration.ZERO),
            Scenario.VERIFY,
            2,
            Duration.ZERO,
            Duration.ofSeconds(1),
            100,
            new PrintWriter(new StringWriter()));
    assertThat(quick.slowSeconds()).isEmpty();
  }

  private record OneSlowConnection(Duration slow) implements Workload {
    @Override
    public Set<Scenario> scenarios() {
      return EnumSet.of(Scenario.LIVE, Scenario.VERIFY);
    }

    @Override
    public String what(Scenario scenario) {
      return "nothing";
    }

    @Override
    public List<Step> steps(Scenario scenario, int connections) {
      List<Step> steps = new ArrayList<>();
      steps.add(
          () -> {
            Thread.sleep(slow);
            return Optional.empty();
          });
      for (int i = 1; i < connections; i++) {
        steps.add(Optional::empty);
      }
      return steps;
    }

    @Override
    public AtScale atScale(int sessions, int connections) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }
}
