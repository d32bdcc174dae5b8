package dev.vigil.server.load;

import dev.vigil.server.load.Target.Answer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a {@link Plan}: {@code /health/live}, each scenario in turn, and {@code /health/live} again,
 * so that the baseline brackets the run: a machine that got busier or quieter meanwhile shows as a
 * difference between the two, and the ratios use their mean.
 */
public final class Bench {
  /** The scenarios a plan may name. */
  public static final List<String> SCENARIOS =
      Arrays.stream(Scenario.values()).filter(s -> s != Scenario.LIVE).map(Scenario::wire).toList();

  private Bench() {}

  /**
   * What to run.
   *
   * @param scenarios names from {@link #SCENARIOS}, in order
   * @param budget the most requests sent in all, clean-up aside
   * @param remoteAllowed whether a target other than loopback may be loaded
   * @param rate requests per second in all for the scenarios (not the baseline); 0 for as many as
   *     the connections manage
   * @param baseline whether {@code /health/live} is measured before and after
   */
  public record Plan(
      URI target,
      String apiKey,
      List<String> scenarios,
      int connections,
      Duration warmup,
      Duration measured,
      long budget,
      boolean remoteAllowed,
      double rate,
      boolean baseline) {
    public Plan {
      scenarios = List.copyOf(scenarios);
    }
  }

  /** How a run ended. */
  public sealed interface Outcome {
    /** It ran: the report says how well. */
    record Done(BenchReport report) implements Outcome {}

    /** The target could not be reached or refused the key before anything was measured. */
    record Unreachable(String why) implements Outcome {}
  }

  /**
   * Runs {@code plan}, writing a progress line to {@code progress}.
   *
   * @throws IllegalArgumentException if the target is not an http(s) URL or not loopback while
   *     remote targets are not allowed
   */
  public static Outcome run(Plan plan, PrintWriter progress) {
    Target target = new Target(plan.target(), plan.apiKey(), plan.budget(), plan.remoteAllowed());
    try {
      Answer live = target.get("/health/live");
      if (live.status() != 200) {
        return new Outcome.Unreachable(
            target.base() + "/health/live answered " + live.status() + ": is it a Vigil?");
      }
      Answer key = target.post("/v1/sessions/verify", java.util.Map.of("token", "x"));
      if (key.status() == 401 || key.status() == 403) {
        return new Outcome.Unreachable("the API key was refused (" + key.status() + ")");
      }
      List<Result> results = new ArrayList<>();
      List<Scenario> order = new ArrayList<>();
      if (plan.baseline()) {
        order.add(Scenario.LIVE);
      }
      plan.scenarios().forEach(s -> order.add(Scenario.ofWire(s).orElseThrow()));
      if (plan.baseline() && !plan.scenarios().isEmpty()) {
        order.add(Scenario.LIVE); // again at the end: the baseline brackets the run
      }
      for (Scenario s : order) {
        results.add(
            LoadRun.run(
                target,
                s,
                plan.connections(),
                plan.warmup(),
                plan.measured(),
                s == Scenario.LIVE ? 0 : plan.rate(),
                progress));
        if (results.getLast().stopped().isPresent()) {
          break;
        }
      }
      return new Outcome.Done(
          new BenchReport(
              target.base().toString(),
              plan.connections(),
              plan.warmup().toMillis() / 1000.0,
              results));
    } catch (IOException e) {
      return new Outcome.Unreachable(
          "cannot reach "
              + target.base()
              + ": "
              + e.getClass().getSimpleName()
              + " "
              + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome.Unreachable("interrupted");
    } catch (Target.OverBudget e) {
      return new Outcome.Unreachable(e.getMessage() + " before anything was measured");
    }
  }
}
