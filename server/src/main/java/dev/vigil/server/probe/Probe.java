package dev.vigil.server.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.probe.ProbeHttp.Exchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs {@code vigil probe}: a preflight ({@code GET /health/live}, then {@code GET
 * /v1/admin/config} for the settings the checks plan by), every {@link ProbeCheck} in the order of
 * {@link #checks()}, and in every case, also after a failure or a spent budget, the cleanup ({@link
 * Deployment#cleanUp}), whose finding closes the report. The token-guessing check runs last of the
 * checks, because it puts an address into a cool-down.
 */
public final class Probe {
  /** Requests kept for cleaning up: revoke the subject's and the account's sessions, delete it. */
  public static final int CLEANUP_RESERVE = 3;

  /** The fewest requests a run may be given: the preflight, one check, the cleanup. */
  public static final int MIN_BUDGET = 10;

  private static final ObjectMapper JSON = new ObjectMapper();

  private Probe() {}

  /**
   * The target cannot be probed: no answer, not Vigil, or the API key refused. Nothing was created
   * there.
   */
  public static final class Unreachable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreachable(String message) {
      super(message);
    }
  }

  /** The checks in the order they run. */
  static List<ProbeCheck> checks() {
    List<ProbeCheck> checks = new ArrayList<>();
    checks.add(new PageChecks.Transport());
    checks.add(new ApiRefusals());
    checks.add(new PageChecks.Headers());
    checks.add(new PageChecks.Cookies());
    checks.add(new PageChecks.Fixation());
    checks.add(new PageChecks.Logout());
    checks.addAll(TokenForms.checks());
    checks.add(new Lifecycle.Superseded());
    checks.add(new Lifecycle.Logout());
    checks.add(new Lifecycle.IdleExpiry());
    checks.add(new Lifecycle.Reuse());
    checks.add(new Enumeration());
    checks.add(new HostileInputs());
    checks.add(new SlowHead());
    checks.add(new Guessing());
    return checks;
  }

  /**
   * Probes {@code target} with {@code apiKey}, sending at most {@code budget} requests.
   *
   * @throws Unreachable when the preflight fails (nothing was created)
   * @throws IllegalArgumentException when {@code budget} is below {@link #MIN_BUDGET}
   */
  public static ProbeReport run(Target target, String apiKey, int budget) {
    return run(target, apiKey, budget, checks());
  }

  static ProbeReport run(Target target, String apiKey, int budget, List<ProbeCheck> checks) {
    if (budget < MIN_BUDGET) {
      throw new IllegalArgumentException(
          "a probe needs at least " + MIN_BUDGET + " requests, was given " + budget);
    }
    try (ProbeHttp http = new ProbeHttp(target, budget, CLEANUP_RESERVE)) {
      Deployment d = new Deployment(http, apiKey, preflight(http, apiKey));
      List<Finding> findings = new ArrayList<>();
      Optional<String> stopped = Optional.empty();
      try {
        for (ProbeCheck c : checks) {
          findings.add(runOne(c, d));
        }
      } catch (ProbeHttp.BudgetSpent e) {
        stopped = Optional.of(e.getMessage());
      } finally {
        findings.add(d.cleanUp());
      }
      return new ProbeReport(
          target.toString(),
          budget,
          http.sent(),
          d.subject(),
          d.accountName(),
          d.settings().source(),
          findings,
          stopped);
    }
  }

  private static Finding runOne(ProbeCheck c, Deployment d) {
    try {
      return c.run(d);
    } catch (Deployment.Unexpected | ProbeHttp.NoAnswer | ProbeHttp.OffTarget e) {
      return c.ref().fail("(the check stopped)", e.getMessage());
    }
  }

  private static TargetSettings preflight(ProbeHttp http, String apiKey) {
    Exchange live;
    try {
      live = http.get("/health/live", Map.of());
    } catch (ProbeHttp.NoAnswer e) {
      throw new Unreachable("cannot reach " + http.target() + ": " + e.getMessage());
    }
    if (live.status() != 200) {
      throw new Unreachable(
          live.line() + ": " + http.target() + " does not answer as a Vigil server");
    }
    Exchange config =
        http.get(
            "/v1/admin/config",
            Map.of("Authorization", "Bearer " + apiKey, "Accept", "application/json"));
    return switch (config.status()) {
      case 200 -> {
        try {
          yield TargetSettings.read(JSON.readTree(config.body()));
        } catch (IOException e) {
          yield TargetSettings.unknown("GET /v1/admin/config answered something other than JSON");
        }
      }
      case 401 -> throw new Unreachable("the API key is refused (401): unknown or revoked");
      case 403 ->
          TargetSettings.unknown("the API key may not read the configuration (scope admin)");
      default -> TargetSettings.unknown(config.line());
    };
  }
}
