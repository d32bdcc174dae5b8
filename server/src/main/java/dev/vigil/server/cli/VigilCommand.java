package dev.vigil.server.cli;

import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.session.StoreUnavailableException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code vigil} command. Exit codes: 0 done, 1 failed, 2 bad configuration or usage.
 *
 * <p>picocli builds the model of every subcommand it is given, by reflection, and every one that
 * reads the configuration takes an option per configuration key: for all of them that was about a
 * quarter of a second of a cold start. When the first argument names a subcommand, only that one is
 * given to picocli; anything else (no argument, {@code --help}, {@code --version}, a mistyped name)
 * gets them all, so that usage and suggestions list every one. {@code serve}'s usual line is read
 * without picocli at all ({@link ServeLine}).
 */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    versionProvider = VigilCommand.Version.class,
    description = "Session-token service that explains every invalid token.")
public final class VigilCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * The subcommands, in the order usage lists them (a method, not a constant: loading them all
   * loads picocli's classes, which {@code serve}'s usual line does without).
   */
  static List<Class<?>> subcommands() {
    return List.of(
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
        BenchCommand.class);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests). */
  public static int run(String... args) {
    Optional<ServeLine.Parsed> serve = ServeLine.read(args);
    if (serve.isPresent()) {
      WarmUp.begin();
      try {
        return ServeCommand.serve(
            ConfigLoader.load(serve.get().file(), System.getenv(), serve.get().flags()));
      } catch (Exception e) {
        return exitCode(e, new PrintWriter(System.err, true));
      }
    }
    CommandLine line = commandLine(args);
    line.setExecutionExceptionHandler((e, cmd, parsed) -> exitCode(e, cmd.getErr()));
    return line.execute(args);
  }

  /** Prints one line for {@code e}, which a command threw, and gives the exit code it means. */
  private static int exitCode(Exception e, PrintWriter err) {
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
  }

  /**
   * The command line for {@code args}: with only the subcommand the first argument names, or with
   * every one when it names none.
   */
  static CommandLine commandLine(String... args) {
    CommandLine line = new CommandLine(new VigilCommand());
    List<Class<?>> all = subcommands();
    List<Class<?>> named =
        all.stream()
            .filter(c -> args.length > 0 && c.getAnnotation(Command.class).name().equals(args[0]))
            .toList();
    (named.isEmpty() ? all : named).forEach(line::addSubcommand);
    ConfigOptions.addTo(line);
    return line;
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
