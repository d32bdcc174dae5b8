package dev.vigil.server.load;

import dev.vigil.server.load.Target.Answer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a {@link Plan}: the baseline, each scenario in turn, and the baseline again, so that it
 * brackets the run: a machine that got busier or quieter meanwhile shows as a difference between
 * the two, and the ratios use their mean. The server is a Vigil, or Keycloak for the peer
 * comparison ({@link Peer}); each scenario runs on a fresh {@link Workload}, closed (its sessions
 * ended) before the next one starts.
 */
public final class Bench {
  /** The scenarios a plan may name. */
  public static final List<String> SCENARIOS =
      Arrays.stream(Scenario.values()).filter(s -> s != Scenario.LIVE).map(Scenario::wire).toList();

  /** The connections of the control, when there is one. */
  public static final int CONTROL_CONNECTIONS = 2;

  private Bench() {}

  /** The kind of server under load, and how to reach its operations. */
  public sealed interface Peer {
    /** A Vigil, with an API key of scope {@code sessions} (and {@code accounts} for sign-in). */
    record Vigil(String apiKey) implements Peer {}

    /**
     * A Keycloak: the realm, a confidential client with direct access grants on, a user of the
     * realm, and (for {@code sessions}) an admin of the master realm.
     */
    record Keycloak(
        String realm,
        String clientId,
        String clientSecret,
        String username,
        String password,
        Optional<String> adminUsername,
        Optional<String> adminPassword)
        implements Peer {}
  }

  /**
   * What to run.
   *
   * @param scenarios names from {@link #SCENARIOS}, in order
   * @param budget the most requests sent in all, clean-up aside
   * @param remoteAllowed whether a target other than loopback may be loaded
   * @param rate requests per second in all for the scenarios (not the baseline); 0 for as many as
   *     the connections manage
   * @param controlRate requests per second of {@code GET /health/live} sent beside each scenario on
   *     {@value #CONTROL_CONNECTIONS} connections of their own (its {@link Result#control}); 0 for
   *     none
   * @param baseline whether the baseline is measured before and after
   * @param sessions how many sessions the {@code sessions} scenario gives its one subject
   */
  public record Plan(
      URI target,
      Peer peer,
      List<String> scenarios,
      int connections,
      Duration warmup,
      Duration measured,
      long budget,
      boolean remoteAllowed,
      double rate,
      double controlRate,
      boolean baseline,
      int sessions) {
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
   * @throws IllegalArgumentException if the target is not an http(s) URL, not loopback while remote
   *     targets are not allowed, or if a scenario has no counterpart on the peer
   */
  public static Outcome run(Plan plan, PrintWriter progress) {
    String apiKey = plan.peer() instanceof Peer.Vigil v ? v.apiKey() : "";
    List<Scenario> named =
        plan.scenarios().stream().map(s -> Scenario.ofWire(s).orElseThrow()).toList();
    try (Target target =
        new Target(
            plan.target(),
            apiKey,
            plan.connections() + (plan.controlRate() > 0 ? CONTROL_CONNECTIONS : 0),
            plan.budget(),
            plan.remoteAllowed())) {
      Set<Scenario> available;
      try (Workload w = workload(target, plan.peer())) {
        available = w.scenarios();
      }
      for (Scenario s : named) {
        if (!available.contains(s)) {
          throw new IllegalArgumentException(
              s.wire()
                  + " has no counterpart on "
                  + name(plan.peer())
                  + "; it runs "
                  + available.stream()
                      .filter(a -> a != Scenario.LIVE)
                      .map(Scenario::wire)
                      .toList());
        }
      }
      Optional<String> unready = check(target, plan.peer());
      if (unready.isPresent()) {
        return new Outcome.Unreachable(unready.get());
      }
      List<Result> results = new ArrayList<>();
      Optional<AtScale> atScale = Optional.empty();
      List<Scenario> order = new ArrayList<>();
      boolean rates = named.stream().anyMatch(s -> s != Scenario.SESSIONS);
      if (plan.baseline() && rates) {
        order.add(Scenario.LIVE);
      }
      order.addAll(named);
      if (plan.baseline() && rates) {
        order.add(Scenario.LIVE); // again at the end: the baseline brackets the run
      }
      for (Scenario s : order) {
        try (Workload w = workload(target, plan.peer())) {
          if (s == Scenario.SESSIONS) {
            progress.printf("\r%-70s", "sessions: " + plan.sessions() + " sessions of one subject");
            progress.flush();
            atScale = Optional.of(w.atScale(plan.sessions(), plan.connections()));
            progress.printf("\r%-70s\r", "");
            progress.flush();
            continue;
          }
          results.add(
              LoadRun.run(
                  w,
                  s,
                  plan.connections(),
                  plan.warmup(),
                  plan.measured(),
                  s == Scenario.LIVE ? 0 : plan.rate(),
                  s != Scenario.LIVE && plan.controlRate() > 0
                      ? Optional.of(new LoadRun.Control(plan.controlRate(), CONTROL_CONNECTIONS))
                      : Optional.empty(),
                  progress));
        }
        if (results.getLast().stopped().isPresent()) {
          break;
        }
      }
      return new Outcome.Done(
          new BenchReport(
              target.base().toString(),
              name(plan.peer()),
              plan.connections(),
              plan.warmup().toMillis() / 1000.0,
              results,
              atScale));
    } catch (IOException e) {
      return new Outcome.Unreachable(
          "cannot reach "
              + plan.target()
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

  private static Workload workload(Target target, Peer peer) {
    return switch (peer) {
      case Peer.Vigil v -> new VigilWorkload(target);
      case Peer.Keycloak k -> new KeycloakWorkload(target, k);
    };
  }

  private static String name(Peer peer) {
    return switch (peer) {
      case Peer.Vigil v -> "vigil";
      case Peer.Keycloak k -> "keycloak";
    };
  }

  /** Whether the server answers as the peer it is said to be, with working credentials. */
  private static Optional<String> check(Target target, Peer peer)
      throws IOException, InterruptedException {
    switch (peer) {
      case Peer.Vigil v -> {
        Answer live = target.get("/health/live");
        if (live.status() != 200) {
          return Optional.of(
              target.base() + "/health/live answered " + live.status() + ": is it a Vigil?");
        }
        Answer key = target.post("/v1/sessions/verify", Map.of("token", "x"));
        if (key.status() == 401 || key.status() == 403) {
          return Optional.of("the API key was refused (" + key.status() + ")");
        }
        return Optional.empty();
      }
      case Peer.Keycloak k -> {
        try (KeycloakWorkload w = new KeycloakWorkload(target, k)) {
          return w.check();
        }
      }
    }
  }
}
