package dev.vigil.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.session.SessionPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the configuration in layers: defaults, then the YAML file, then {@code VIGIL_*} environment
 * variables, then flags; the last layer that sets a key wins. Each value remembers where it came
 * from, so an error names the key as that layer spells it.
 */
public final class ConfigLoader {
  private final Map<ConfigKey, Setting> settings = new EnumMap<>(ConfigKey.class);

  private record Setting(String value, String source) {}

  private ConfigLoader() {
    for (ConfigKey k : ConfigKey.values()) {
      settings.put(k, new Setting(k.defaultValue(), k.key() + " (default)"));
    }
  }

  /**
   * Loads the configuration.
   *
   * @param file the YAML file given with {@code --config}, if any
   * @param env the environment (normally {@code System.getenv()})
   * @param flags values given as flags, by key
   * @throws ConfigException naming the first bad key
   */
  public static VigilConfig load(
      Optional<Path> file, Map<String, String> env, Map<ConfigKey, String> flags) {
    ConfigLoader loader = new ConfigLoader();
    file.ifPresent(loader::readYaml);
    for (ConfigKey k : ConfigKey.values()) {
      String v = env.get(k.env());
      if (v != null) {
        loader.settings.put(k, new Setting(v, k.env()));
      }
    }
    flags.forEach((k, v) -> loader.settings.put(k, new Setting(v, k.flag())));
    return loader.build();
  }

  private void readYaml(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new ConfigException(
          "config file " + file + " cannot be read: " + firstLine(e.getMessage()));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return;
    }
    if (!root.isObject()) {
      throw new ConfigException("config file " + file + ": expected a mapping of keys to values");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      ConfigKey key =
          ConfigKey.ofKey(e.getKey())
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "config file " + file + ": unknown key '" + e.getKey() + "'"));
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw new ConfigException(
            "config file " + file + ": " + e.getKey() + " must be a single value");
      }
      settings.put(key, new Setting(e.getValue().asText(), e.getKey() + " in " + file));
    }
  }

  private VigilConfig build() {
    SessionPolicy policy;
    Duration idle = positiveDuration(ConfigKey.IDLE_TIMEOUT);
    Duration absolute = positiveDuration(ConfigKey.ABSOLUTE_TIMEOUT);
    Duration maxIdle = positiveDuration(ConfigKey.MAX_IDLE_TIMEOUT);
    Duration maxAbsolute = positiveDuration(ConfigKey.MAX_ABSOLUTE_TIMEOUT);
    Duration rotate = positiveDuration(ConfigKey.ROTATE_AFTER);
    Duration grace = duration(ConfigKey.ROTATION_GRACE);
    Duration overlap = duration(ConfigKey.KEY_OVERLAP);
    int maxSessions = (int) integer(ConfigKey.MAX_SESSIONS_PER_SUBJECT, 1, 1_000_000);
    Duration retention = positiveDuration(ConfigKey.RETENTION);
    require(
        idle.compareTo(maxIdle) <= 0,
        ConfigKey.IDLE_TIMEOUT,
        "must not exceed max_idle_timeout (" + maxIdle + ")");
    require(
        absolute.compareTo(maxAbsolute) <= 0,
        ConfigKey.ABSOLUTE_TIMEOUT,
        "must not exceed max_absolute_timeout (" + maxAbsolute + ")");
    try {
      policy =
          new SessionPolicy(
              idle, absolute, maxIdle, maxAbsolute, rotate, grace, overlap, maxSessions, retention);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    String host = text(ConfigKey.HOST);
    require(!host.isBlank(), ConfigKey.HOST, "must not be empty");
    Optional<String> bootstrap =
        Optional.of(text(ConfigKey.BOOTSTRAP_API_KEY)).filter(s -> !s.isEmpty());
    bootstrap.ifPresent(
        k ->
            require(
                k.length() >= 32 && k.length() <= 512 && k.chars().allMatch(c -> c > 32 && c < 127),
                ConfigKey.BOOTSTRAP_API_KEY,
                "must be 32-512 printable ASCII characters without spaces"));
    return new VigilConfig(
        host,
        (int) integer(ConfigKey.PORT, 0, 65_535),
        path(ConfigKey.DATA),
        policy,
        positiveDuration(ConfigKey.PURGE_INTERVAL),
        auditRetention(),
        positiveDuration(ConfigKey.CACHE_TTL),
        integer(ConfigKey.CACHE_SIZE, 0, 100_000_000),
        bootstrap,
        (int) integer(ConfigKey.GUESSING_LIMIT, 0, 1_000_000),
        positiveDuration(ConfigKey.GUESSING_COOLDOWN),
        roleChange(),
        (int) integer(ConfigKey.LOGIN_ADDRESS_LIMIT, 0, 1_000_000),
        permissions(),
        new dev.vigil.account.PasswordPolicy(
            (int) integer(ConfigKey.PASSWORD_MIN_LENGTH, 8, 256),
            (int) integer(ConfigKey.PASSWORD_MIN_LENGTH_TOTP, 8, 256)));
  }

  private String text(ConfigKey k) {
    return settings.get(k).value().strip();
  }

  private Duration duration(ConfigKey k) {
    String v = text(k);
    try {
      Duration d = Duration.parse(v);
      require(!d.isNegative(), k, "must not be negative, got '" + v + "'");
      return d;
    } catch (DateTimeParseException e) {
      throw bad(k, "expected an ISO-8601 duration such as PT30M, P7D or PT1S, got '" + v + "'");
    }
  }

  private dev.vigil.account.AccountService.RoleChange roleChange() {
    return switch (text(ConfigKey.ROLE_CHANGE)) {
      case "rotate" -> dev.vigil.account.AccountService.RoleChange.ROTATE;
      case "revoke" -> dev.vigil.account.AccountService.RoleChange.REVOKE;
      default ->
          throw bad(
              ConfigKey.ROLE_CHANGE,
              "expected rotate or revoke, got '" + text(ConfigKey.ROLE_CHANGE) + "'");
    };
  }

  private dev.vigil.session.RolePermissions permissions() {
    String spec = text(ConfigKey.PERMISSIONS);
    java.util.Map<String, java.util.Set<String>> map = new java.util.HashMap<>();
    if (spec.isEmpty()) {
      return dev.vigil.session.RolePermissions.NONE;
    }
    for (String entry : spec.split(";")) {
      String[] kv = entry.split("=", 2);
      String role = kv[0].strip();
      if (kv.length != 2 || !dev.vigil.session.Session.ROLE.matcher(role).matches()) {
        throw bad(
            ConfigKey.PERMISSIONS,
            "expected role=perm,perm;role=perm, got '" + entry.strip() + "'");
      }
      java.util.Set<String> perms = new java.util.TreeSet<>();
      for (String p : kv[1].split(",")) {
        String perm = p.strip();
        if (!dev.vigil.session.Session.ROLE.matcher(perm).matches()) {
          throw bad(
              ConfigKey.PERMISSIONS,
              "permission '"
                  + perm
                  + "' of role "
                  + role
                  + " is not 1-64 of A-Z a-z 0-9 : . _ / -");
        }
        perms.add(perm);
      }
      map.put(role, perms);
    }
    return new dev.vigil.session.RolePermissions(map);
  }

  private Duration auditRetention() {
    Duration d = duration(ConfigKey.AUDIT_RETENTION);
    require(
        d.compareTo(dev.vigil.audit.AuditRetention.MIN_RETENTION) >= 0
            && d.compareTo(dev.vigil.audit.AuditRetention.MAX_RETENTION) <= 0,
        ConfigKey.AUDIT_RETENTION,
        "must be from P1D to P36500D, got '" + text(ConfigKey.AUDIT_RETENTION) + "'");
    return d;
  }

  private Duration positiveDuration(ConfigKey k) {
    Duration d = duration(k);
    require(
        d.compareTo(SessionPolicy.MIN_TIMEOUT) >= 0,
        k,
        "must be at least PT1S, got '" + text(k) + "'");
    return d;
  }

  private long integer(ConfigKey k, long min, long max) {
    String v = text(k);
    try {
      long n = Long.parseLong(v);
      require(n >= min && n <= max, k, "must be between " + min + " and " + max + ", got " + n);
      return n;
    } catch (NumberFormatException e) {
      throw bad(k, "expected a whole number, got '" + v + "'");
    }
  }

  private Path path(ConfigKey k) {
    String v = text(k);
    require(!v.isEmpty(), k, "must not be empty");
    try {
      return Path.of(v);
    } catch (InvalidPathException e) {
      throw bad(k, "is not a valid path: " + e.getReason());
    }
  }

  private void require(boolean ok, ConfigKey k, String what) {
    if (!ok) {
      throw bad(k, what);
    }
  }

  private ConfigException bad(ConfigKey k, String what) {
    return new ConfigException(settings.get(k).source() + ": " + what);
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
