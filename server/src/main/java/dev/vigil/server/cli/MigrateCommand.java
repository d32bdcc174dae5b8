package dev.vigil.server.cli;

import dev.vigil.server.StoreMigration;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.server.config.StoreSettings;
import dev.vigil.server.config.VigilConfig;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code vigil migrate}: copies the SQLite database of the data directory into the configured
 * PostgreSQL store ({@code --store postgres} and its settings), for moving a single node to many.
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description =
        "Copy the SQLite data directory (--data) into an empty PostgreSQL schema (--store postgres"
            + " and the postgres_* and master_key settings), in one transaction: sessions stay"
            + " valid, accounts, keys, reports and the hash-chained event log carry over. Stop the"
            + " SQLite node first.")
final class MigrateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    VigilConfig to = ConfigOptions.load(spec);
    if (to.store().kind() != StoreSettings.Kind.POSTGRES) {
      throw new ConfigException("migrate copies into PostgreSQL: give --store postgres");
    }
    VigilConfig from = ConfigOptions.load(spec, Map.of(ConfigKey.STORE, "sqlite"));
    StoreMigration.Copied copied = StoreMigration.run(from, to, Clock.systemUTC());
    copied
        .rows()
        .forEach((table, n) -> spec.commandLine().getOut().printf("%-18s %,d rows%n", table, n));
    spec.commandLine()
        .getOut()
        .printf(
            "copied into PostgreSQL schema %s; the keyring of %s is now sealed in it%n",
            to.store().postgresSchema(), from.data());
    return 0;
  }
}
