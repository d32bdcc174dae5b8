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
            Optional.empty(),
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
            Optional.empty(),
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
            Optional.empty(),
            new PrintWriter(new StringWriter()));
    assertThat(quick.slowSeconds()).isEmpty();
  }

  @Test
  void whatTheWarmupLeftUnsent_isDropped_soThatAColdClientDoesNotDelayTheMeasuredTime()
      throws Exception {
    // two connections, 5 ms a request (room for 400 a second), 300 due a second; for the first
    // half second of the warm-up each request takes 50 ms, as a cold client would, and the
    // schedule falls about 130 requests behind. Carried into the measured second, that backlog
    // would drain at 100 a second and make every measured request late.
    long started = System.nanoTime();
    Workload coldThenSteady =
        everyConnection(
            scenario ->
                () -> {
                  boolean cold = System.nanoTime() - started < 500_000_000L;
                  Thread.sleep(cold ? 50 : 5);
                  return Optional.empty();
                });
    Result r =
        LoadRun.run(
            coldThenSteady,
            Scenario.VERIFY,
            2,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            300,
            Optional.empty(),
            new PrintWriter(new StringWriter()));
    assertThat(r.p50()).isLessThan(20);
    assertThat(r.p99()).isLessThan(60);
    assertThat(r.requests()).isBetween(270L, 310L);
  }

  @Test
  void aControl_runsBesideTheScenario_onItsOwnConnectionsAndSchedule_andIsReportedApart()
      throws Exception {
    // the scenario answers at once; /health/live, the control, takes 30 ms. 100 scenario requests
    // and 20 control requests a second for 2 s: the control's own latency is its 30 ms, and the
    // scenario's is not held up by it (it has connections of its own)
    Workload slowLive =
        everyConnection(
            scenario ->
                scenario == Scenario.LIVE
                    ? () -> {
                      Thread.sleep(30);
                      return Optional.empty();
                    }
                    : Optional::empty);
    Result r =
        LoadRun.run(
            slowLive,
            Scenario.VERIFY,
            2,
            Duration.ZERO,
            Duration.ofSeconds(2),
            100,
            Optional.of(new LoadRun.Control(20, 2)),
            new PrintWriter(new StringWriter()));
    assertThat(r.requests()).isBetween(185L, 205L);
    assertThat(r.p99()).isLessThan(25);
    Result control = r.control().orElseThrow();
    assertThat(control.scenario()).isEqualTo(Scenario.LIVE);
    assertThat(control.connections()).isEqualTo(2);
    assertThat(control.requests()).isBetween(36L, 42L);
    assertThat(control.p50()).isGreaterThanOrEqualTo(30);
    assertThat(control.control()).isEmpty();
    assertThat(
            LoadRun.run(
                    slowLive,
                    Scenario.VERIFY,
                    2,
                    Duration.ZERO,
                    Duration.ofSeconds(1),
                    100,
                    Optional.empty(),
                    new PrintWriter(new StringWriter()))
                .control())
        .isEmpty();
  }

  /** A workload whose every connection runs the step {@code step} gives for its scenario. */
  private static Workload everyConnection(
      java.util.function.Function<Scenario, Workload.Step> step) {
    return new OneSlowConnection(Duration.ZERO) {
      @Override
      public List<Step> steps(Scenario scenario, int connections) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
          steps.add(step.apply(scenario));
        }
        return steps;
      }
    };
  }

  private static class OneSlowConnection implements Workload {
    private final Duration slow;

    OneSlowConnection(Duration slow) {
      this.slow = slow;
    }

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
