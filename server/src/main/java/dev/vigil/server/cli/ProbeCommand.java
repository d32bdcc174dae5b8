package dev.vigil.server.cli;

import dev.vigil.server.probe.Probe;
import dev.vigil.server.probe.ProbeJson;
import dev.vigil.server.probe.ProbeReport;
import dev.vigil.server.probe.ProbeText;
import dev.vigil.server.probe.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil probe <base-url> --api-key KEY}: checks a live deployment from outside, as an
 * assessor would ({@link Probe}; every check in {@code docs/probe.md}). Talks to that one target
 * only, sends at most {@code --max-requests} requests, creates only its own short-lived sessions
 * and account and removes them afterwards. Exit codes: 0 no check failed, 1 any check failed, 2 bad
 * usage, an unreachable target, a refused key, or a run stopped by the request budget.
 *
 * <p>Reads no configuration (it is {@link Runnable}, so {@link ConfigOptions} adds no flags): the
 * target's settings come from the target.
 */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = {
      "Check a live deployment from outside, as an assessor would: altered and forged tokens,"
          + " rotation and reuse, logout, idle expiry, session fixation, user enumeration,"
          + " throttling, page headers and cookies, WWW-Authenticate, hostile input.",
      "Creates only its own short-lived sessions (subject vigil-probe-<random>) and account and"
          + " removes them; talks to the given target only; exit 1 on any FAIL."
    })
final class ProbeCommand implements Runnable, CommandLine.IExitCodeGenerator {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "BASE-URL",
      description = "the deployment, e.g. https://vigil.example:8443")
  String baseUrl;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      defaultValue = "${env:VIGIL_PROBE_API_KEY}",
      description =
          "an API key with scope sessions; accounts for the sign-in checks, admin to read the"
              + " settings (default: VIGIL_PROBE_API_KEY)")
  String apiKey;

  @Option(
      names = "--format",
      paramLabel = "text|json",
      defaultValue = "text",
      description = "text (aligned lines) or json (one document); default text")
  String format;

  @Option(
      names = "--max-requests",
      paramLabel = "N",
      defaultValue = "500",
      description =
          "the most requests sent, cleanup included; default 500 (a full run sends about 165)")
  int maxRequests;

  private int exitCode;

  @Override
  public void run() {
    if (!format.equals("text") && !format.equals("json")) {
      throw usage("--format: expected text or json, got '" + format + "'");
    }
    if (apiKey == null || apiKey.isBlank()) {
      throw usage("--api-key (or VIGIL_PROBE_API_KEY) is required");
    }
    if (apiKey.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw usage("--api-key: not a valid key (it cannot go in a header)");
    }
    if (maxRequests < Probe.MIN_BUDGET) {
      throw usage("--max-requests: at least " + Probe.MIN_BUDGET + ", got " + maxRequests);
    }
    Target target =
        Target.parse(baseUrl)
            .orElseThrow(
                () ->
                    usage(
                        "BASE-URL: expected http(s)://host[:port][/path], got '" + baseUrl + "'"));
    ProbeReport report;
    try {
      report = Probe.run(target, apiKey, maxRequests);
    } catch (Probe.Unreachable e) {
      spec.commandLine().getErr().println("vigil probe: " + e.getMessage());
      exitCode = 2;
      return;
    }
    try {
      if (format.equals("json")) {
        ProbeJson.write(spec.commandLine().getOut(), report);
      } else {
        ProbeText.write(spec.commandLine().getOut(), report);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    exitCode = report.exitCode();
  }

  @Override
  public int getExitCode() {
    return exitCode;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
