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
            (int) integer(ConfigKey.PASSWORD_MIN_LENGTH_TOTP, 8, 256)),
        notices(),
        anomalies(),
        words(ConfigKey.PASSWORD_CONTEXT_WORDS),
        clientChange(),
        storeTimeout(),
        tls(host),
        passwordHashing(),
        userAgentAnalyzer(),
        store(),
        web(),
        http());
  }

  /** The network limits; the request timeout must leave room for a store that does not answer. */
  private HttpLimits http() {
    Duration request = duration(ConfigKey.REQUEST_TIMEOUT);
    require(
        request.compareTo(Duration.ofSeconds(1)) >= 0
            && request.compareTo(Duration.ofMinutes(10)) <= 0,
        ConfigKey.REQUEST_TIMEOUT,
        "must be from PT1S to PT10M, got '" + text(ConfigKey.REQUEST_TIMEOUT) + "'");
    require(
        request.compareTo(storeTimeout()) > 0,
        ConfigKey.REQUEST_TIMEOUT,
        "must be longer than store_timeout ("
            + text(ConfigKey.STORE_TIMEOUT)
            + "), or a busy store would cut requests off before they can answer 503");
    Duration head = duration(ConfigKey.HEADER_TIMEOUT);
    require(
        head.compareTo(Duration.ofSeconds(1)) >= 0 && head.compareTo(Duration.ofMinutes(10)) <= 0,
        ConfigKey.HEADER_TIMEOUT,
        "must be from PT1S to PT10M, got '" + text(ConfigKey.HEADER_TIMEOUT) + "'");
    Duration idle = duration(ConfigKey.IDLE_CONNECTION_TIMEOUT);
    require(
        idle.compareTo(Duration.ofSeconds(1)) >= 0 && idle.compareTo(Duration.ofHours(1)) <= 0,
        ConfigKey.IDLE_CONNECTION_TIMEOUT,
        "must be from PT1S to PT1H, got '" + text(ConfigKey.IDLE_CONNECTION_TIMEOUT) + "'");
    return new HttpLimits(
        (int)
            integer(ConfigKey.MAX_BODY_BYTES, HttpLimits.MIN_BODY_BYTES, HttpLimits.MAX_BODY_BYTES),
        (int)
            integer(
                ConfigKey.MAX_HEADER_BYTES,
                HttpLimits.MIN_HEADER_BYTES,
                HttpLimits.MAX_HEADER_BYTES),
        request,
        head,
        (int) integer(ConfigKey.MAX_CONCURRENT_REQUESTS, 1, 100_000),
        idle,
        (int) integer(ConfigKey.MAX_CONNECTIONS, 1, 1_000_000));
  }

  /** The web pages' settings. */
  private WebSettings web() {
    String insecure = text(ConfigKey.DEV_INSECURE_COOKIES);
    require(
        insecure.equals("true") || insecure.equals("false"),
        ConfigKey.DEV_INSECURE_COOKIES,
        "expected true or false, got '" + insecure + "'");
    return new WebSettings(insecure.equals("true"));
  }

  /** The store, and for PostgreSQL where it is and how to sign in (the password file read now). */
  private StoreSettings store() {
    String kind = text(ConfigKey.STORE);
    if (kind.equals("sqlite")) {
      return StoreSettings.SQLITE;
    }
    require(
        kind.equals("postgres"),
        ConfigKey.STORE,
        "expected sqlite or postgres, got '" + kind + "'");
    String url = text(ConfigKey.POSTGRES_URL);
    require(!url.isEmpty(), ConfigKey.POSTGRES_URL, "is required with store postgres");
    if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
      url = "jdbc:postgresql://" + url.substring(url.indexOf("://") + 3);
    }
    require(
        url.startsWith("jdbc:postgresql://") && url.length() > "jdbc:postgresql://".length(),
        ConfigKey.POSTGRES_URL,
        "expected jdbc:postgresql://host:port/database, got '"
            + text(ConfigKey.POSTGRES_URL)
            + "'");
    String user = text(ConfigKey.POSTGRES_USER);
    require(!user.isEmpty(), ConfigKey.POSTGRES_USER, "must not be empty");
    Optional<String> password = optional(ConfigKey.POSTGRES_PASSWORD);
    Optional<String> file = optional(ConfigKey.POSTGRES_PASSWORD_FILE);
    require(
        password.isEmpty() || file.isEmpty(),
        ConfigKey.POSTGRES_PASSWORD_FILE,
        "give postgres_password or postgres_password_file, not both");
    if (file.isPresent()) {
      Path p = path(ConfigKey.POSTGRES_PASSWORD_FILE);
      try {
        String read = java.nio.file.Files.readString(p).strip();
        require(!read.isEmpty(), ConfigKey.POSTGRES_PASSWORD_FILE, "the file " + p + " is empty");
        password = Optional.of(read);
      } catch (java.io.IOException e) {
        throw bad(ConfigKey.POSTGRES_PASSWORD_FILE, "cannot read " + p + ": " + e.getMessage());
      }
    }
    String schema = text(ConfigKey.POSTGRES_SCHEMA);
    require(
        schema.matches("[a-z_][a-z0-9_]{0,62}"),
        ConfigKey.POSTGRES_SCHEMA,
        "expected a lower-case SQL name (a-z, 0-9, _), got '" + schema + "'");
    Duration bound = duration(ConfigKey.REVOCATION_BOUND);
    require(
        bound.toMillis() >= 100 && bound.compareTo(Duration.ofMinutes(1)) <= 0,
        ConfigKey.REVOCATION_BOUND,
        "must be from PT0.1S to PT1M, got '" + text(ConfigKey.REVOCATION_BOUND) + "'");
    return new StoreSettings(
        StoreSettings.Kind.POSTGRES, url, user, password, schema, bound, Optional.of(masterKey()));
  }

  /** The master key of the shared keyring, from {@code master_key} or {@code master_key_file}. */
  private String masterKey() {
    Optional<String> text = optional(ConfigKey.MASTER_KEY);
    Optional<String> file = optional(ConfigKey.MASTER_KEY_FILE);
    require(
        text.isPresent() != file.isPresent(),
        ConfigKey.MASTER_KEY_FILE,
        "with store postgres give master_key or master_key_file (one of them): it seals the"
            + " signing keys every node shares (vigil keys master makes one)");
    ConfigKey from = text.isPresent() ? ConfigKey.MASTER_KEY : ConfigKey.MASTER_KEY_FILE;
    String key;
    if (file.isPresent()) {
      Path p = path(ConfigKey.MASTER_KEY_FILE);
      try {
        key = java.nio.file.Files.readString(p).strip();
      } catch (java.io.IOException e) {
        throw bad(ConfigKey.MASTER_KEY_FILE, "cannot read " + p + ": " + e.getMessage());
      }
    } else {
      key = text.get();
    }
    try {
      dev.vigil.server.keys.MasterKey.parse(key);
    } catch (IllegalArgumentException e) {
      throw bad(from, e.getMessage());
    }
    return key;
  }

  /** The user agent analyzer named by {@code user_agent_analyzer}. */
  private UserAgentAnalyzer userAgentAnalyzer() {
    String v = text(ConfigKey.USER_AGENT_ANALYZER);
    java.util.Optional<UserAgentAnalyzer> a = UserAgentAnalyzer.ofWire(v);
    require(
        a.isPresent(),
        ConfigKey.USER_AGENT_ANALYZER,
        "expected yauaa, uap or keywords, got '" + v + "'");
    return a.orElseThrow();
  }

  /**
   * Threads (0 is one per core but one, at least one, and every core while the rest of the machine
   * leaves one idle), Argon2id cost (at least OWASP's minimum for the number of passes, ASVS 5.0
   * 11.4.2) and engine.
   */
  private PasswordHashing passwordHashing() {
    int n = (int) integer(ConfigKey.PASSWORD_HASH_THREADS, 0, 256);
    int cores = Runtime.getRuntime().availableProcessors();
    dev.vigil.account.PasswordHasher.Concurrency threads =
        n > 0
            ? dev.vigil.account.PasswordHasher.Concurrency.fixed(n)
            : new dev.vigil.account.PasswordHasher.Concurrency(Math.max(1, cores - 1), cores);
    int memory = (int) integer(ConfigKey.PASSWORD_HASH_MEMORY_KIB, 7_168, 262_144);
    int iterations = (int) integer(ConfigKey.PASSWORD_HASH_ITERATIONS, 1, 16);
    dev.vigil.account.PasswordHasher.Params params =
        new dev.vigil.account.PasswordHasher.Params(memory, iterations, 1);
    require(
        params.meetsOwaspMinimum(),
        ConfigKey.PASSWORD_HASH_MEMORY_KIB,
        "with password_hash_iterations "
            + iterations
            + " it must be at least "
            + dev.vigil.account.PasswordHasher.Params.owaspMinimumMemoryKiB(iterations)
            + " (OWASP's minimum for that many passes), got "
            + memory);
    String engine = text(ConfigKey.PASSWORD_HASH_ENGINE);
    java.util.Optional<PasswordHashing.Engine> choice = PasswordHashing.Engine.ofWire(engine);
    require(
        choice.isPresent(),
        ConfigKey.PASSWORD_HASH_ENGINE,
        "expected auto, native or java, got '" + engine + "'");
    return new PasswordHashing(threads, params, choice.orElseThrow());
  }

  private java.util.List<String> words(ConfigKey k) {
    String v = text(k);
    if (v.isEmpty()) {
      return java.util.List.of();
    }
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String w : v.split(",")) {
      String word = w.strip();
      require(
          word.length() >= 3
              && word.length() <= 64
              && word.codePoints().noneMatch(Character::isISOControl),
          k,
          "expected comma-separated words of 3-64 characters, got '" + word + "'");
      out.add(word);
    }
    require(out.size() <= 1_000, k, "at most 1000 words, got " + out.size());
    return out;
  }

  private dev.vigil.session.ClientChange clientChange() {
    String v = text(ConfigKey.CLIENT_CHANGE);
    return java.util.Arrays.stream(dev.vigil.session.ClientChange.values())
        .filter(c -> c.wire().equals(v))
        .findFirst()
        .orElseThrow(
            () ->
                bad(
                    ConfigKey.CLIENT_CHANGE,
                    "expected notify, step_up or revoke, got '" + v + "'"));
  }

  private Duration storeTimeout() {
    Duration d = duration(ConfigKey.STORE_TIMEOUT);
    require(
        d.toMillis() >= 100 && d.compareTo(Duration.ofMinutes(1)) <= 0,
        ConfigKey.STORE_TIMEOUT,
        "must be from PT0.1S to PT1M, got '" + text(ConfigKey.STORE_TIMEOUT) + "'");
    return d;
  }

  private TlsSettings tls(String host) {
    Optional<Path> cert = optional(ConfigKey.TLS_CERT).map(c -> path(ConfigKey.TLS_CERT));
    Optional<Path> key = optional(ConfigKey.TLS_KEY).map(k -> path(ConfigKey.TLS_KEY));
    require(
        cert.isPresent() == key.isPresent(),
        cert.isPresent() ? ConfigKey.TLS_KEY : ConfigKey.TLS_CERT,
        "tls_cert and tls_key must be given together");
    for (var file : java.util.List.of(cert, key)) {
      file.ifPresent(
          f ->
              require(
                  java.nio.file.Files.isReadable(f),
                  f == cert.orElse(null) ? ConfigKey.TLS_CERT : ConfigKey.TLS_KEY,
                  "cannot read " + f));
    }
    String proxy = text(ConfigKey.TLS_PROXY);
    require(
        proxy.equals("true") || proxy.equals("false"),
        ConfigKey.TLS_PROXY,
        "expected true or false, got '" + proxy + "'");
    TlsSettings tls = new TlsSettings(cert, key, proxy.equals("true"));
    require(
        tls.enabled() || tls.proxy() || loopback(host),
        ConfigKey.HOST,
        "listening on "
            + host
            + " without TLS would send tokens and passwords in clear: set tls_cert and tls_key,"
            + " or tls_proxy true when a TLS-terminating proxy is in front");
    return tls;
  }

  /** Whether {@code host} is a loopback address (or a name that only resolves to one). */
  static boolean loopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    try {
      java.net.InetAddress[] all = java.net.InetAddress.getAllByName(host);
      return all.length > 0
          && java.util.Arrays.stream(all).allMatch(java.net.InetAddress::isLoopbackAddress);
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private dev.vigil.server.notify.NoticeSettings notices() {
    Optional<String> publicUrl = optional(ConfigKey.PUBLIC_URL);
    publicUrl.ifPresent(
        u ->
            require(
                u.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?") && !u.endsWith("/"),
                ConfigKey.PUBLIC_URL,
                "expected an http or https base URL without a trailing slash, got '" + u + "'"));
    Optional<dev.vigil.server.notify.Smtp> smtp =
        optional(ConfigKey.SMTP_HOST)
            .map(
                host ->
                    new dev.vigil.server.notify.Smtp(
                        host,
                        (int) integer(ConfigKey.SMTP_PORT, 1, 65_535),
                        startTls(),
                        optional(ConfigKey.SMTP_USERNAME),
                        optional(ConfigKey.SMTP_PASSWORD),
                        address(ConfigKey.MAIL_FROM)));
    Optional<String> alert =
        optional(ConfigKey.ALERT_EMAIL).map(a -> address(ConfigKey.ALERT_EMAIL));
    Duration base = duration(ConfigKey.NOTICE_RETRY_BASE);
    require(
        base.toMillis() >= 10 && base.compareTo(Duration.ofHours(1)) <= 0,
        ConfigKey.NOTICE_RETRY_BASE,
        "must be between PT0.01S and PT1H, got '" + text(ConfigKey.NOTICE_RETRY_BASE) + "'");
    return new dev.vigil.server.notify.NoticeSettings(
        publicUrl, smtp, alert, base, (int) integer(ConfigKey.NOTICE_MAX_ATTEMPTS, 1, 100));
  }

  private dev.vigil.server.notify.Smtp.StartTls startTls() {
    return switch (text(ConfigKey.SMTP_STARTTLS)) {
      case "required" -> dev.vigil.server.notify.Smtp.StartTls.REQUIRED;
      case "optional" -> dev.vigil.server.notify.Smtp.StartTls.OPTIONAL;
      case "off" -> dev.vigil.server.notify.Smtp.StartTls.OFF;
      default ->
          throw bad(
              ConfigKey.SMTP_STARTTLS,
              "expected required, optional or off, got '" + text(ConfigKey.SMTP_STARTTLS) + "'");
    };
  }

  private String address(ConfigKey k) {
    String v = text(k);
    require(
        v.matches("[^\\s@<>,;\"]+@[^\\s@<>,;\"]+") && v.length() <= 254,
        k,
        "expected an e-mail address such as ops@example.com, got '" + v + "'");
    return v;
  }

  private Optional<String> optional(ConfigKey k) {
    return Optional.of(text(k)).filter(s -> !s.isEmpty());
  }

  private dev.vigil.server.anomaly.AnomalySettings anomalies() {
    return new dev.vigil.server.anomaly.AnomalySettings(
        mode(ConfigKey.ANOMALY_GUESSING),
        mode(ConfigKey.ANOMALY_THEFT),
        mode(ConfigKey.ANOMALY_STUFFING),
        (int) integer(ConfigKey.STUFFING_ACCOUNTS, 2, 1_000_000),
        (int) integer(ConfigKey.STUFFING_ADDRESSES, 2, 1_000_000),
        positiveDuration(ConfigKey.STUFFING_WINDOW),
        positiveDuration(ConfigKey.STUFFING_COOLDOWN),
        mode(ConfigKey.ANOMALY_SPIKE),
        (int) integer(ConfigKey.SPIKE_FACTOR, 2, 1_000),
        (int) integer(ConfigKey.SPIKE_MIN_COUNT, 1, 1_000_000),
        positiveDuration(ConfigKey.SPIKE_WINDOW),
        mode(ConfigKey.ANOMALY_NEW_DEVICE));
  }

  private dev.vigil.server.anomaly.RuleMode mode(ConfigKey k) {
    return dev.vigil.server.anomaly.RuleMode.ofWire(text(k))
        .orElseThrow(() -> bad(k, "expected enforce, report_only or off, got '" + text(k) + "'"));
  }

  private String text(ConfigKey k) {
    return settings.get(k).value().strip();
  }

  private Duration duration(ConfigKey k) {
    String v = text(k);
    try {
      Duration d = Duration.parse(v);
      require(!d.isNegative(), k, "must not be negative, got '" + v + "'");
      require(
          d.compareTo(Duration.ofDays(36_500)) <= 0,
          k,
          "must be at most P36500D (100 years), got '" + v + "'");
      return d;
    } catch (DateTimeParseException | ArithmeticException e) {
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
