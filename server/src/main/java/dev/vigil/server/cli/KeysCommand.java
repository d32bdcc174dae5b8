package dev.vigil.server.cli;

import dev.vigil.server.DataDirectory;
import dev.vigil.token.Keyring;
import dev.vigil.token.SigningKey;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code vigil keys rotate|list|master}: the signing keys (in the data directory, or shared by
 * every node in PostgreSQL), and a new master key for the shared keyring.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Manage token signing keys.",
    subcommands = {KeysCommand.Rotate.class, KeysCommand.ListKeys.class, KeysCommand.Master.class})
final class KeysCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description = "Add a new signing key; the previous one keeps verifying for key_overlap.")
  static final class Rotate implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      var config = ConfigOptions.load(spec);
      try (DataDirectory data = DataDirectory.open(config, Clock.systemUTC())) {
        Keyring ring = data.keyring().rotate(Clock.systemUTC());
        spec.commandLine()
            .getOut()
            .printf(
                "new signing key %s; previous keys verify until their overlap (%s) ends%n",
                ring.current().id(), config.policy().keyOverlap());
      }
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List signing keys and their state.")
  static final class ListKeys implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      var config = ConfigOptions.load(spec);
      try (DataDirectory data = DataDirectory.open(config, Clock.systemUTC())) {
        Instant now = Instant.now();
        for (SigningKey k : data.keyring().get().keys()) {
          String state =
              k.retiredAt()
                  .map(
                      r ->
                          r.plus(config.policy().keyOverlap()).isAfter(now)
                              ? "retiring, verifies until " + r.plus(config.policy().keyOverlap())
                              : "retired")
                  .orElse("current");
          spec.commandLine()
              .getOut()
              .printf("%-12s created %s  %s%n", k.id(), k.createdAt(), state);
        }
      }
      return 0;
    }
  }

  @Command(
      name = "master",
      mixinStandardHelpOptions = true,
      description =
          "Print a new random master key (32 bytes, base64) for store postgres: give the same one"
              + " to every node (master_key_file), keep it out of the database and its backups.")
  static final class Master implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().getOut().println(dev.vigil.server.keys.MasterKey.generate());
      return 0;
    }
  }
}
