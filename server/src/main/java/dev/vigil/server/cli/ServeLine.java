package dev.vigil.server.cli;

import dev.vigil.server.config.ConfigKey;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code vigil serve}'s usual command line, read without picocli.
 *
 * <p>picocli 4.7's classes are compiled for Java 5, which the JDK's AOT cache cannot hold, and it
 * builds its model of {@code serve} (75 options) by reflection: 200-250 ms of every start, a
 * quarter of it on a machine that starts in one second (docs/BENCHMARKS.md, "Start-up"). This reads
 * only a line made of {@code serve} and configuration flags, each given once as {@code --flag
 * VALUE} or {@code --flag=VALUE}, which picocli reads to the same values ({@code ServeLineTest}
 * compares the two on generated lines). Anything else is left to picocli, which answers it as
 * before: help and version, an unknown or repeated flag, a missing value, a value starting with
 * {@code -} (picocli may take it for an option, even after {@code =}), any argument starting with
 * {@code @} (picocli's argument files), a {@code --config} that is not a path.
 */
final class ServeLine {
  /** The flags it reads, by name: {@code --config} maps to {@code null}. */
  private static final Map<String, ConfigKey> FLAGS = flags();

  private ServeLine() {}

  /** What a line said: the configuration file, if one was named, and the flags' values. */
  record Parsed(Optional<Path> file, Map<ConfigKey, String> flags) {}

  /**
   * {@code args} read as {@code serve}'s command line, or empty when it is not one this reads (then
   * picocli must).
   */
  static Optional<Parsed> read(String... args) {
    if (args.length == 0 || !args[0].equals("serve")) {
      return Optional.empty();
    }
    Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
    String file = null;
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        return Optional.empty();
      }
      if (arg.startsWith("@")
          || value.startsWith("@")
          || value.startsWith("-")
          || !FLAGS.containsKey(name)) {
        return Optional.empty();
      }
      ConfigKey key = FLAGS.get(name);
      if (key == null) {
        if (file != null) {
          return Optional.empty();
        }
        file = value;
      } else if (flags.putIfAbsent(key, value) != null) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(new Parsed(Optional.ofNullable(file).map(Path::of), Map.copyOf(flags)));
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  private static Map<String, ConfigKey> flags() {
    Map<String, ConfigKey> flags = new HashMap<>();
    flags.put(ConfigOptions.CONFIG, null);
    for (ConfigKey k : ConfigKey.values()) {
      flags.put(k.flag(), k);
    }
    return flags;
  }
}
