package dev.vigil.server.cli;

import dev.vigil.account.AccountService;
import dev.vigil.account.User;
import dev.vigil.id.UserId;
import dev.vigil.server.DataDirectory;
import dev.vigil.server.Services;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.VigilConfig;
import dev.vigil.server.useragent.BackgroundUserAgents;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil users create|list|disable|roles|totp-reset}, for operators. */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description = "Manage user accounts.",
    subcommands = {
      UsersCommand.Create.class,
      UsersCommand.ListUsers.class,
      UsersCommand.Disable.class,
      UsersCommand.Roles.class,
      UsersCommand.TotpReset.class
    })
final class UsersCommand implements Runnable {
  private static final String BY = "cli";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs {@code work} with the services of the configured data directory. */
  private static int with(CommandLine.Model.CommandSpec spec, Work work) {
    VigilConfig config = ConfigOptions.load(spec);
    Clock clock = Clock.systemUTC();
    try (DataDirectory data = DataDirectory.open(config, clock)) {
      // The analyzer is built only if a command asks it something; none does yet.
      return work.run(
          Services.of(
              data,
              data.sessions(),
              config,
              BackgroundUserAgents.of(config.userAgentAnalyzer()),
              clock),
          config);
    }
  }

  @FunctionalInterface
  private interface Work {
    int run(Services services, VigilConfig config);
  }

  /**
   * Prints {@code message} of the user if there is one (exit 0), else that there is none (exit 1).
   */
  private static int outcome(
      CommandLine.Model.CommandSpec spec,
      Optional<User> user,
      String id,
      java.util.function.Function<User, String> message) {
    if (user.isEmpty()) {
      spec.commandLine().getErr().println("vigil: no user " + id);
      return 1;
    }
    spec.commandLine().getOut().println(message.apply(user.get()));
    return 0;
  }

  private static UserId id(String text) {
    return UserId.parse(text)
        .orElseThrow(() -> new ConfigException("ID must be a user id: 'usr_' and 22 characters"));
  }

  private static Set<String> roles(List<String> roles) {
    return roles == null ? Set.of() : new TreeSet<>(roles);
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Create a user; the password is read from standard input (one line), never from an argument.")
  static final class Create implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--username", required = true)
    String username;

    @CommandLine.Option(names = "--email")
    String email;

    @CommandLine.Option(names = "--roles", split = ",")
    List<String> roles;

    @Override
    public Integer call() throws IOException {
      String password =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (password == null || password.isEmpty()) {
        throw new ConfigException(
            "the password is read from standard input: echo ... | vigil users create ...");
      }
      return with(
          spec,
          (s, c) ->
              switch (s.accounts()
                  .accounts()
                  .create(username, password, Optional.ofNullable(email), roles(roles), BY)) {
                case AccountService.Creation.Created ok -> {
                  spec.commandLine().getOut().println(ok.user().id());
                  yield 0;
                }
                case AccountService.Creation.Refused r -> {
                  spec.commandLine()
                      .getErr()
                      .println("vigil: " + r.field() + ": " + r.why() + " (" + r.reason() + ")");
                  yield 1;
                }
              });
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
  static final class ListUsers implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--limit", defaultValue = "1000")
    int limit;

    @Override
    public Integer call() {
      return with(
          spec,
          (s, c) -> {
            for (User u : s.accounts().accounts().list(limit)) {
              spec.commandLine()
                  .getOut()
                  .printf(
                      "%-26s %-24s %-24s %s%s%s%n",
                      u.id(),
                      u.username().display(),
                      String.join(",", new TreeSet<>(u.roles())),
                      u.email().orElse("-"),
                      s.accounts().mfa().enrolled(u.id()) ? "  totp" : "",
                      u.disabledAt().map(d -> "  disabled " + d).orElse(""));
            }
            return 0;
          });
    }
  }

  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      description = "Disable a user and end their sessions.")
  static final class Disable implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      return with(
          spec,
          (s, c) ->
              outcome(
                  spec,
                  s.accounts().accounts().disable(id(id), BY),
                  id,
                  u ->
                      "disabled " + u.id() + " (" + u.username() + "); their sessions were ended"));
    }
  }

  @Command(
      name = "roles",
      mixinStandardHelpOptions = true,
      description = "Set a user's roles; their sessions follow role_change (rotate or revoke).")
  static final class Roles implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(paramLabel = "ID")
    String id;

    @CommandLine.Option(
        names = "--roles",
        split = ",",
        required = true,
        description = "the new roles; '' for none")
    List<String> roles;

    @Override
    public Integer call() {
      Set<String> wanted = new TreeSet<>(roles);
      wanted.remove("");
      return with(
          spec,
          (s, c) ->
              outcome(
                  spec,
                  s.accounts().accounts().setRoles(id(id), wanted, c.roleChange(), BY),
                  id,
                  u -> u.id() + " roles: " + String.join(",", new TreeSet<>(u.roles()))));
    }
  }

  @Command(
      name = "totp-reset",
      mixinStandardHelpOptions = true,
      description =
          "Remove a user's authenticator and recovery codes (lost device); they can enrol again.")
  static final class TotpReset implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      return with(
          spec,
          (s, c) -> {
            if (s.accounts().accounts().find(id(id)).isEmpty()) {
              spec.commandLine().getErr().println("vigil: no user " + id);
              return 1;
            }
            boolean had = s.accounts().mfa().reset(id(id), BY);
            spec.commandLine()
                .getOut()
                .println(had ? "TOTP removed for " + id : id + " had no authenticator");
            return 0;
          });
    }
  }
}
