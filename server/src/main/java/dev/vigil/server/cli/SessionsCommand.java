package dev.vigil.server.cli;

import dev.vigil.id.Subject;
import dev.vigil.server.DataDirectory;
import dev.vigil.server.Services;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.VigilConfig;
import dev.vigil.server.useragent.BackgroundUserAgents;
import dev.vigil.session.RevocationCause;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil sessions revoke --all | --subject S}, for operators. */
@Command(
    name = "sessions",
    mixinStandardHelpOptions = true,
    description = "Manage sessions.",
    subcommands = {SessionsCommand.Revoke.class})
final class SessionsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description =
          "End every live session of one subject (--subject) or of every subject (--all, after a"
              + " key leak for example); each ended session is an event. A running server honours"
              + " it at once for sessions it has not cached, and within cache_ttl for the others.")
  static final class Revoke implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--all", description = "every subject")
    boolean all;

    @CommandLine.Option(names = "--subject", description = "one subject")
    String subject;

    @CommandLine.Option(
        names = "--cause",
        description = "the revocation cause; default EVERY_SESSION (--all) or ALL_SESSIONS")
    String cause;

    @Override
    public Integer call() {
      if (all == (subject != null)) {
        throw new ConfigException("give exactly one of --all and --subject");
      }
      Optional<RevocationCause> given =
          Optional.ofNullable(cause)
              .map(
                  c ->
                      Arrays.stream(RevocationCause.values())
                          .filter(r -> r.name().equals(c))
                          .findFirst()
                          .orElseThrow(
                              () ->
                                  new ConfigException(
                                      "--cause: expected one of "
                                          + Arrays.toString(RevocationCause.values()))));
      VigilConfig config = ConfigOptions.load(spec);
      Clock clock = Clock.systemUTC();
      try (DataDirectory data = DataDirectory.open(config, clock)) {
        Services s =
            Services.of(
                data,
                data.sessions(),
                config,
                BackgroundUserAgents.of(config.userAgentAnalyzer()),
                clock);
        long n;
        if (all) {
          n = s.sessions().revokeEverything(given.orElse(RevocationCause.EVERY_SESSION), "cli");
        } else {
          Subject who;
          try {
            who = new Subject(subject);
          } catch (IllegalArgumentException e) {
            throw new ConfigException("--subject: " + e.getMessage());
          }
          n =
              s.sessions()
                  .revokeAll(
                      who, Optional.empty(), given.orElse(RevocationCause.ALL_SESSIONS), "cli");
        }
        spec.commandLine().getOut().println("revoked " + n + " sessions");
      }
      return 0;
    }
  }
}
