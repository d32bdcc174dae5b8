package dev.vigil.server.cli;

import dev.vigil.server.config.ConfigException;
import dev.vigil.session.StoreUnavailableException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil} command. Exit codes: 0 done, 1 failed, 2 bad configuration or usage. */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    versionProvider = VigilCommand.Version.class,
    description = "Session-token service that explains every invalid token.",
    subcommands = {
      ServeCommand.class,
      KeysCommand.class,
      ApiKeyCommand.class,
      UsersCommand.class,
      SessionsCommand.class,
      AuditCommand.class,
      ProbeCommand.class,
      EventsCommand.class,
      ExplainCommand.class,
      WebhooksCommand.class,
      MigrateCommand.class,
      BenchCommand.class
    })
public final class VigilCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests). */
  public static int run(String... args) {
    CommandLine line = new CommandLine(new VigilCommand());
    ConfigOptions.addTo(line);
    line.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          PrintWriter err = cmd.getErr();
          if (e instanceof ConfigException) {
            err.println("vigil: " + e.getMessage());
            return 2;
          }
          if (e instanceof StoreUnavailableException) {
            err.println("vigil: " + e.getMessage());
            return 1;
          }
          err.println("vigil: " + e.getClass().getSimpleName() + ": " + e.getMessage());
          return 1;
        });
    return line.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version from the jar's manifest, or "development". */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = VigilCommand.class.getPackage().getImplementationVersion();
      return new String[] {"vigil " + (v == null ? "development" : v)};
    }
  }
}
