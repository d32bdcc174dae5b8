package dev.vigil.server.cli;

import dev.vigil.access.ApiKey;
import dev.vigil.access.ApiKeys;
import dev.vigil.access.Scope;
import dev.vigil.server.DataDirectory;
import dev.vigil.server.config.ConfigException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil apikey create|list|revoke}. */
@Command(
    name = "apikey",
    mixinStandardHelpOptions = true,
    description = "Manage API keys.",
    subcommands = {
      ApiKeyCommand.Create.class,
      ApiKeyCommand.ListKeys.class,
      ApiKeyCommand.Revoke.class
    })
final class ApiKeyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a key; its text is printed once and never stored.")
  static final class Create implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(
        names = "--name",
        required = true,
        description = "unique name, 1-64 of [A-Za-z0-9._-]")
    String name;

    @CommandLine.Option(
        names = "--scope",
        required = true,
        split = ",",
        description = "one or more of sessions, accounts, audit, admin")
    List<String> scopes;

    @Override
    public Integer call() {
      if (!ApiKey.validName(name)) {
        throw new ConfigException("--name must be 1-64 of [A-Za-z0-9._-]");
      }
      Set<Scope> parsed = EnumSet.noneOf(Scope.class);
      for (String s : scopes) {
        parsed.add(
            Scope.ofWire(s)
                .orElseThrow(
                    () ->
                        new ConfigException(
                            "--scope: unknown scope '"
                                + s
                                + "'; expected sessions, accounts, audit or admin")));
      }
      try (DataDirectory data = DataDirectory.open(ConfigOptions.load(spec), Clock.systemUTC())) {
        ApiKeys.Issued issued =
            data.apiKeys()
                .create(name, parsed)
                .orElseThrow(
                    () ->
                        new ConfigException(
                            "--name: a key named '" + name + "' exists; revoke it first"));
        spec.commandLine().getOut().println(issued.text());
        spec.commandLine()
            .getErr()
            .printf(
                "created %s (%s) with scopes %s; the key above is shown only once%n",
                issued.key().id(), name, scopes(issued.key()));
      }
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List keys (never their text).")
  static final class ListKeys implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (DataDirectory data = DataDirectory.open(ConfigOptions.load(spec), Clock.systemUTC())) {
        for (ApiKey k : data.apiKeys().list()) {
          spec.commandLine()
              .getOut()
              .printf(
                  "%-16s %-24s %-28s created %s%s%n",
                  k.id(),
                  k.name(),
                  scopes(k),
                  k.createdAt(),
                  k.revokedAt().map(r -> "  revoked " + r).orElse(""));
        }
      }
      return 0;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke a key by id or name.")
  static final class Revoke implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(paramLabel = "ID_OR_NAME")
    String key;

    @Override
    public Integer call() {
      try (DataDirectory data = DataDirectory.open(ConfigOptions.load(spec), Clock.systemUTC())) {
        if (!data.apiKeys().revoke(key)) {
          spec.commandLine()
              .getErr()
              .println("vigil: no unrevoked key with id or name '" + key + "'");
          return 1;
        }
        spec.commandLine()
            .getOut()
            .println(
                "revoked "
                    + key
                    + " (running servers stop accepting it within "
                    + ApiKeys.CACHE_FOR.toSeconds()
                    + " s)");
      }
      return 0;
    }
  }

  private static String scopes(ApiKey k) {
    return k.scopes().stream().map(Scope::wire).sorted().collect(Collectors.joining(","));
  }
}
