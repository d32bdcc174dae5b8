package dev.vigil.server.cli;

import dev.vigil.server.config.ConfigKey;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.server.config.VigilConfig;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Adds {@code --config} and one flag per {@link ConfigKey} to every command, and turns them into a
 * {@link VigilConfig} the same way for all.
 */
final class ConfigOptions {
  /** The flag that names the configuration file. */
  static final String CONFIG = "--config";

  private ConfigOptions() {}

  /**
   * Adds the configuration flags to every command under {@code line} that runs ({@link Callable}),
   * {@code audit} included though it has a subcommand; the groups that only print their usage
   * ({@link Runnable}, such as {@code keys}) get none, nor does {@code probe}, which reads no
   * configuration (it is {@link Runnable} and gives its exit code itself).
   */
  static void addTo(CommandLine line) {
    CommandSpec spec = line.getCommandSpec();
    if (line.getCommand() instanceof Callable<?>) {
      spec.addOption(
          OptionSpec.builder(CONFIG)
              .paramLabel("FILE")
              .type(Path.class)
              .description("YAML configuration file; VIGIL_* variables and flags override it")
              .build());
      for (ConfigKey k : ConfigKey.values()) {
        spec.addOption(
            OptionSpec.builder(k.flag())
                .paramLabel("VALUE")
                .type(String.class)
                .description(
                    k.description()
                        + " (env "
                        + k.env()
                        + ", default "
                        + (k.defaultValue().isEmpty() ? "none" : k.defaultValue())
                        + ")")
                .build());
      }
    }
    line.getSubcommands().values().forEach(ConfigOptions::addTo);
  }

  /** The configuration of the command whose spec is {@code spec}. */
  static VigilConfig load(CommandSpec spec) {
    return load(spec, Map.of());
  }

  /** As {@link #load(CommandSpec)}, with {@code forced} over every layer (for {@code migrate}). */
  static VigilConfig load(CommandSpec spec, Map<ConfigKey, String> forced) {
    Map<String, OptionSpec> options = byName(spec);
    Map<ConfigKey, String> flags = flags(options);
    flags.putAll(forced);
    return ConfigLoader.load(file(options), System.getenv(), flags);
  }

  /**
   * The options of {@code spec} by name, in one pass: picocli's findOption looks through them all
   * and interpolates every name it passes, so a lookup per key took 40-70 ms of every start.
   */
  static Map<String, OptionSpec> byName(CommandSpec spec) {
    Map<String, OptionSpec> options = new HashMap<>();
    for (OptionSpec o : spec.options()) {
      for (String name : o.names()) {
        options.put(name, o);
      }
    }
    return options;
  }

  /** The configuration flags given among {@code options} ({@link #byName}), by key. */
  static Map<ConfigKey, String> flags(Map<String, OptionSpec> options) {
    Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
    for (ConfigKey k : ConfigKey.values()) {
      String v = options.get(k.flag()).getValue();
      if (v != null) {
        flags.put(k, v);
      }
    }
    return flags;
  }

  /** The {@code --config} file given among {@code options} ({@link #byName}), if any. */
  static Optional<Path> file(Map<String, OptionSpec> options) {
    return Optional.ofNullable(options.get(CONFIG).getValue());
  }
}
