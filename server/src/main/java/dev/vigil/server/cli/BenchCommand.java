package dev.vigil.server.cli;

import dev.vigil.server.load.Bench;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil bench URL --api-key KEY}: load a running Vigil over HTTP and print throughput,
 * latency percentiles and errors per scenario, each beside {@code /health/live} measured in the
 * same run; or, with {@code --peer keycloak}, Keycloak's closest operations, for the peer
 * comparison ({@code bench/keycloak-compare.sh}). Bounded in time (at most 10 minutes per
 * scenario), in connections (at most 512) and in requests ({@code --max-requests}); loopback only
 * unless {@code --allow-remote}. Exit codes: 0 every request answered as expected, 1 any error or
 * early stop, 2 bad usage or an unreachable target. A {@link Runnable} with an exit code rather
 * than a {@code Callable}, so that the server's configuration flags, which mean nothing here, are
 * not offered.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Load a running Vigil over HTTP: verify, create, rotate, signin or mix (95%% verify,"
          + " 3%% create, 1%% rotate, 1%% revoke), at a set concurrency and duration; GET /health/live"
          + " is always measured first, and every rate is shown as a ratio of it.",
      "Creates only sessions of subjects named vigil-bench-<random>-<n> (and, for signin, one"
          + " account per connection) and removes them afterwards.",
      "With --peer keycloak, Keycloak's closest operations stand in (introspection, refresh"
          + " grant, password grant, the admin API's user sessions and logout), beside GET"
          + " /realms/<realm>; every Keycloak session it makes is logged out afterwards."
    })
final class BenchCommand implements Runnable, CommandLine.IExitCodeGenerator {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "URL",
      description = "the Vigil to load, e.g. http://127.0.0.1:8080")
  String url;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      defaultValue = "${env:VIGIL_BENCH_API_KEY}",
      description =
          "Vigil's API key, scope sessions (and accounts for signin); not for Keycloak (default:"
              + " VIGIL_BENCH_API_KEY, which keeps the key out of the process list)")
  String apiKey;

  @Option(
      names = "--peer",
      defaultValue = "vigil",
      paramLabel = "vigil|keycloak",
      description =
          "the kind of server: vigil (default) or keycloak, whose closest operations stand in:"
              + " introspection for verify, the refresh grant for rotate, the password grant for"
              + " signin, the admin API's user session list and logout for sessions")
  String peer;

  @Option(names = "--realm", paramLabel = "NAME", description = "keycloak: the realm")
  String realm;

  @Option(
      names = "--client-id",
      paramLabel = "ID",
      description = "keycloak: a confidential client with direct access grants on")
  String clientId;

  @Option(
      names = "--client-secret",
      paramLabel = "SECRET",
      defaultValue = "${env:VIGIL_BENCH_CLIENT_SECRET}",
      description = "keycloak: the client's secret (or VIGIL_BENCH_CLIENT_SECRET)")
  String clientSecret;

  @Option(names = "--username", paramLabel = "NAME", description = "keycloak: a user of the realm")
  String username;

  @Option(
      names = "--password",
      paramLabel = "PASSWORD",
      defaultValue = "${env:VIGIL_BENCH_PASSWORD}",
      description = "keycloak: the user's password (or VIGIL_BENCH_PASSWORD)")
  String password;

  @Option(
      names = "--admin-username",
      paramLabel = "NAME",
      description = "keycloak, for sessions: an admin of the master realm")
  String adminUsername;

  @Option(
      names = "--admin-password",
      paramLabel = "PASSWORD",
      defaultValue = "${env:VIGIL_BENCH_ADMIN_PASSWORD}",
      description = "keycloak, for sessions: the admin's password (or VIGIL_BENCH_ADMIN_PASSWORD)")
  String adminPassword;

  @Option(
      names = "--sessions",
      defaultValue = "20000",
      paramLabel = "N",
      description =
          "sessions: how many sessions one subject is given before they are listed and ended,"
              + " 1-1,000,000; default 20,000 (Vigil must keep as many: max_sessions_per_subject)")
  int sessions;

  @Option(
      names = "--scenarios",
      split = ",",
      paramLabel = "NAME",
      defaultValue = "verify,create,rotate,mix",
      description =
          "any of verify, create, rotate, signin, mix, sessions; default verify,create,rotate,mix")
  List<String> scenarios;

  @Option(
      names = {"-c", "--connections"},
      defaultValue = "16",
      paramLabel = "N",
      description = "concurrent connections, 1-512; default 16")
  int connections;

  @Option(
      names = {"-d", "--duration"},
      defaultValue = "PT20S",
      paramLabel = "ISO-8601",
      description = "measured time per scenario, PT1S-PT10M; default PT20S")
  String duration;

  @Option(
      names = {"-w", "--warmup"},
      defaultValue = "PT10S",
      paramLabel = "ISO-8601",
      description = "unmeasured time before each scenario, PT0S-PT5M; default PT10S")
  String warmup;

  @Option(
      names = "--max-requests",
      defaultValue = "10000000",
      paramLabel = "N",
      description = "the most requests sent in all (clean-up aside); default 10,000,000")
  long maxRequests;

  @Option(
      names = "--rate",
      defaultValue = "0",
      paramLabel = "PER_SECOND",
      description =
          "requests per second in all for each scenario, shared by the connections, latencies"
              + " timed from each request's turn; default 0, as fast as they go")
  double rate;

  @Option(
      names = "--control-rate",
      defaultValue = "0",
      paramLabel = "PER_SECOND",
      description =
          "also send GET /health/live at this rate on 2 connections of their own beside each"
              + " scenario, reported as its control: the delay the machine and this client add in"
              + " the same seconds (for latency on a shared machine); default 0, none")
  double controlRate;

  @Option(
      names = "--no-baseline",
      description =
          "skip /health/live (for repeated slices of a longer run, such as bench/soak.sh)")
  boolean noBaseline;

  @Option(
      names = "--allow-remote",
      description = "allow a target that is not this machine's loopback (load only your own)")
  boolean allowRemote;

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "text|json",
      description = "text (a table) or json; default text")
  String format;

  private int exitCode;

  @Override
  public void run() {
    if (!format.equals("text") && !format.equals("json")) {
      throw usage("--format: expected text or json, got '" + format + "'");
    }
    if (connections < 1 || connections > 512) {
      throw usage("--connections: expected 1 to 512, got " + connections);
    }
    if (!(rate >= 0) || rate > 1_000_000) {
      throw usage("--rate: expected 0 to 1,000,000 per second, got " + rate);
    }
    if (!(controlRate >= 0) || controlRate > 100_000) {
      throw usage("--control-rate: expected 0 to 100,000 per second, got " + controlRate);
    }
    if (sessions < 1 || sessions > 1_000_000) {
      throw usage("--sessions: expected 1 to 1,000,000, got " + sessions);
    }
    Bench.Peer thePeer =
        switch (peer) {
          case "vigil" -> {
            if (apiKey == null || apiKey.isBlank()) {
              throw usage("--api-key (or VIGIL_BENCH_API_KEY) is required for a Vigil");
            }
            yield new Bench.Peer.Vigil(apiKey);
          }
          case "keycloak" -> {
            for (String[] o :
                new String[][] {
                  {"--realm", realm},
                  {"--client-id", clientId},
                  {"--client-secret", clientSecret},
                  {"--username", username},
                  {"--password", password}
                }) {
              if (o[1] == null || o[1].isBlank()) {
                throw usage(o[0] + " is required for Keycloak");
              }
            }
            yield new Bench.Peer.Keycloak(
                realm,
                clientId,
                clientSecret,
                username,
                password,
                Optional.ofNullable(adminUsername).filter(x -> !x.isBlank()),
                Optional.ofNullable(adminPassword).filter(x -> !x.isBlank()));
          }
          default -> throw usage("--peer: expected vigil or keycloak, got '" + peer + "'");
        };
    if (maxRequests < 1) {
      throw usage("--max-requests: expected at least 1, got " + maxRequests);
    }
    Duration measured =
        duration("--duration", duration, Duration.ofSeconds(1), Duration.ofMinutes(10));
    Duration warm = duration("--warmup", warmup, Duration.ZERO, Duration.ofMinutes(5));
    List<String> names = new ArrayList<>();
    for (String s : scenarios) {
      if (!Bench.SCENARIOS.contains(s)) {
        throw usage("--scenarios: expected some of " + Bench.SCENARIOS + ", got '" + s + "'");
      }
      if (!names.contains(s)) {
        names.add(s);
      }
    }
    URI target;
    try {
      target = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw usage("URL: not a URL: " + e.getMessage());
    }
    Bench.Outcome outcome;
    try {
      outcome =
          Bench.run(
              new Bench.Plan(
                  target,
                  thePeer,
                  names,
                  connections,
                  warm,
                  measured,
                  maxRequests,
                  allowRemote,
                  rate,
                  controlRate,
                  !noBaseline,
                  sessions),
              spec.commandLine().getErr());
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    switch (outcome) {
      case Bench.Outcome.Unreachable u -> {
        spec.commandLine().getErr().println("vigil: " + u.why());
        exitCode = 2;
      }
      case Bench.Outcome.Done d -> {
        if (format.equals("json")) {
          d.report().json(spec.commandLine().getOut());
        } else {
          d.report().text(spec.commandLine().getOut());
        }
        spec.commandLine().getOut().flush();
        exitCode = d.report().clean() ? 0 : 1;
      }
    }
  }

  @Override
  public int getExitCode() {
    return exitCode;
  }

  private Duration duration(String option, String text, Duration min, Duration max) {
    Duration d;
    try {
      d = Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw usage(option + ": expected an ISO-8601 duration such as PT20S, got '" + text + "'");
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw usage(option + ": expected " + min + " to " + max + ", got " + d);
    }
    return d;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
