package dev.vigil.server.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key, with its default and what it means. The YAML key is {@link #key()}, the
 * environment variable {@link #env()}, the flag {@link #flag()}.
 */
public enum ConfigKey {
  HOST("host", "127.0.0.1", "address to listen on"),
  PORT("port", "8080", "port to listen on; 0 picks a free port and logs it"),
  DATA("data", "./vigil-data", "data directory: database, keyring, admin.key"),
  IDLE_TIMEOUT("idle_timeout", "PT30M", "default idle timeout of a session"),
  ABSOLUTE_TIMEOUT("absolute_timeout", "PT12H", "default absolute lifetime of a session"),
  MAX_IDLE_TIMEOUT("max_idle_timeout", "P30D", "largest idle timeout a caller may ask for"),
  MAX_ABSOLUTE_TIMEOUT(
      "max_absolute_timeout", "P30D", "largest absolute lifetime a caller may ask for"),
  ROTATE_AFTER("rotate_after", "PT15M", "age after which a presented token is rotated"),
  ROTATION_GRACE(
      "rotation_grace", "PT30S", "how long the previous token stays valid after rotation"),
  KEY_OVERLAP("key_overlap", "P30D", "how long a retired signing key keeps verifying"),
  MAX_SESSIONS_PER_SUBJECT(
      "max_sessions_per_subject",
      "100",
      "live sessions per subject before the least recently used is ended"),
  RETENTION(
      "retention",
      "P7D",
      "how long ended sessions are kept before they are purged (their events stay)"),
  PURGE_INTERVAL(
      "purge_interval", "PT1H", "how often the purge of sessions and of old events runs"),
  AUDIT_RETENTION(
      "audit_retention",
      "P400D",
      "how long events are kept; older ones are pruned, oldest first, at each purge (P1D to P36500D)"),
  CACHE_TTL(
      "cache_ttl", "PT10S", "how long this node trusts a cached session without asking the store"),
  CACHE_SIZE("cache_size", "100000", "sessions kept in this node's cache"),
  GUESSING_LIMIT(
      "guessing_limit",
      "30",
      "unauthentic tokens (MALFORMED, TAMPERED, UNKNOWN_SESSION) one client address may present per minute before a cool-down; 0 turns the throttle off"),
  GUESSING_COOLDOWN(
      "guessing_cooldown", "PT5M", "how long verifications from that address answer THROTTLED"),
  LOGIN_ADDRESS_LIMIT(
      "login_address_limit",
      "30",
      "sign-in attempts one client address may make per minute (token bucket); 0 turns it off"),
  PASSWORD_MIN_LENGTH(
      "password_min_length",
      "15",
      "shortest password, in characters, for an account without a second factor (NIST SP 800-63B: at least 8, 15 recommended)"),
  PASSWORD_MIN_LENGTH_TOTP(
      "password_min_length_totp", "8", "shortest password for an account with TOTP"),
  PASSWORD_CONTEXT_WORDS(
      "password_context_words",
      "",
      "words a password must not be made of, beside the username, the e-mail and the service's name: comma-separated (for example the organisation's and product's names)"),
  CLIENT_CHANGE(
      "client_change",
      "notify",
      "what happens when a session not bound to its client is used from another network and browser family: notify (accept; tell the person and operators), step_up (answer STEP_UP_REQUIRED until re-authentication) or revoke (end it, CLIENT_CHANGED)"),
  STORE_TIMEOUT(
      "store_timeout",
      "PT2S",
      "longest wait for a busy or unreachable store before a call answers 503 STORE_UNAVAILABLE (PT0.1S to PT1M)"),
  MAX_BODY_BYTES(
      "max_body_bytes",
      "65536",
      "largest request body, in bytes, of the API and the pages; larger is answered 413 (1024 to 16777216)"),
  MAX_HEADER_BYTES(
      "max_header_bytes",
      "8192",
      "largest request line and headers together, in bytes; larger is answered 431, or 414 for a long URI (2048 to 65536)"),
  REQUEST_TIMEOUT(
      "request_timeout",
      "PT30S",
      "longest a request may take once its headers are read, reading its body and answering it; past it the connection is closed (PT1S to PT10M, longer than store_timeout)"),
  HEADER_TIMEOUT(
      "header_timeout",
      "PT10S",
      "longest a client may take to send a request's line and headers (over TLS, its handshake too), from their first byte; past it the connection is closed, so that a head sent a byte at a time (slowloris) cannot hold a connection (PT1S to PT10M)"),
  MAX_CONCURRENT_REQUESTS(
      "max_concurrent_requests",
      "256",
      "requests handled at once; one more is answered 503 busy with Retry-After: 1 (/health/* is exempt; 1 to 100000)"),
  IDLE_CONNECTION_TIMEOUT(
      "idle_connection_timeout",
      "PT30S",
      "how long a connection may stay silent, between requests or while a request is being sent, before it is closed (PT1S to PT1H)"),
  MAX_CONNECTIONS(
      "max_connections",
      "10000",
      "connections open at once; beyond it new connections wait in the operating system's accept queue until one closes (1 to 1000000)"),
  TLS_CERT(
      "tls_cert",
      "",
      "PEM file with the server's certificate chain, leaf first; with tls_key, Vigil speaks only HTTPS (TLS 1.2 and 1.3) and reloads both files when they change"),
  TLS_KEY("tls_key", "", "PEM file with the private key of tls_cert (PKCS#8, PKCS#1 or SEC1)"),
  TLS_PROXY(
      "tls_proxy",
      "false",
      "true when a TLS-terminating proxy is in front: only then may Vigil listen without TLS on an address other than loopback"),
  STORE(
      "store",
      "sqlite",
      "where Vigil keeps its data: sqlite (one file in the data directory, one node) or postgres (shared by many nodes; see postgres_url)"),
  POSTGRES_URL(
      "postgres_url",
      "",
      "with store postgres: the database, as jdbc:postgresql://host:port/database or postgresql://host:port/database"),
  POSTGRES_USER("postgres_user", "vigil", "with store postgres: the database user"),
  POSTGRES_PASSWORD(
      "postgres_password",
      "",
      "with store postgres: the database user's password (prefer postgres_password_file)"),
  POSTGRES_PASSWORD_FILE(
      "postgres_password_file",
      "",
      "with store postgres: a file holding the database user's password (a trailing newline is ignored)"),
  REVOCATION_BOUND(
      "revocation_bound",
      "PT1S",
      "with store postgres: longest time a revocation, rotation, role change or key change made on another node may go unseen here; cached sessions expire after it (PT0.1S to PT1M)"),
  MASTER_KEY(
      "master_key",
      "",
      "with store postgres: the key that seals the signing keys every node shares, 32 bytes in base64 (vigil keys master makes one); the same on every node, never stored in the database (prefer master_key_file)"),
  MASTER_KEY_FILE(
      "master_key_file", "", "with store postgres: a file holding master_key (mode 0600)"),
  POSTGRES_SCHEMA(
      "postgres_schema",
      "vigil",
      "with store postgres: the schema Vigil's tables live in (created and migrated at start)"),
  PASSWORD_HASH_THREADS(
      "password_hash_threads",
      "0",
      "threads that hash passwords (Argon2id); 0 means one per core but one, at least one, so a sign-in flood always leaves a core to verification, and every core while the rest of the machine leaves one idle (less than three quarters of a core busy beside hashing)"),
  PASSWORD_HASH_MEMORY_KIB(
      "password_hash_memory_kib",
      "19456",
      "Argon2id memory per password hash in KiB (m), 7168-262144; with password_hash_iterations at least OWASP's minimum for that many passes (47104 t=1, 19456 t=2, 12288 t=3, 9216 t=4, 7168 t>=5); stored hashes with other parameters are upgraded at their next sign-in"),
  PASSWORD_HASH_ITERATIONS(
      "password_hash_iterations", "2", "Argon2id passes over the memory (t), 1-16"),
  USER_AGENT_ANALYZER(
      "user_agent_analyzer",
      "uap",
      "how browsers and systems are told apart in user agents, for explanations, notices and client-change checks: uap (the ua-parser project's regular expressions for browser and system; about 1 MiB of heap, built in half a second in the background after start), yauaa (Yauaa: more clients told apart, spoofing recognised; about 113 MiB of heap and 5 s of one core) or keywords (the product tokens of the common browsers and systems; no memory to speak of, and easily fooled)"),
  PASSWORD_HASH_ENGINE(
      "password_hash_engine",
      "auto",
      "what computes Argon2id: native (the system's libargon2, refusing to start without it), java (BouncyCastle), or auto (native when libargon2 is present and gives the Java engine's bytes, else java); both give the same hashes"),
  PERMISSIONS(
      "permissions",
      "",
      "what each role grants, for require.permissions: role=perm,perm;role=perm (for example editor=posts:write;admin=posts:write,users:manage)"),
  ROLE_CHANGE(
      "role_change",
      "rotate",
      "what a change of a user's roles does to their sessions: rotate (new roles at once, token renewed at next use) or revoke (PRIVILEGE_CHANGED)"),
  PUBLIC_URL(
      "public_url",
      "",
      "the base URL people reach this server at, used in links sent by e-mail; empty means http://host:port as bound"),
  DEV_INSECURE_COOKIES(
      "dev_insecure_cookies",
      "false",
      "true drops Secure and the __Host- prefix from the web pages' cookies, for plain HTTP on localhost during development only; logged as a warning at start-up"),
  SMTP_HOST(
      "smtp_host", "", "SMTP server for notices to users and operators; empty turns e-mail off"),
  SMTP_PORT("smtp_port", "587", "SMTP port"),
  SMTP_STARTTLS("smtp_starttls", "required", "STARTTLS: required, optional (when offered) or off"),
  SMTP_USERNAME("smtp_username", "", "SMTP login; empty for none"),
  SMTP_PASSWORD("smtp_password", "", "SMTP password (never logged)"),
  MAIL_FROM("mail_from", "vigil@localhost", "sender address of notice e-mails"),
  ALERT_EMAIL("alert_email", "", "where operators are e-mailed about anomalies; empty for nobody"),
  NOTICE_RETRY_BASE(
      "notice_retry_base",
      "PT5S",
      "wait after a failed webhook or e-mail delivery; each later wait is three times longer, up to 10 hours"),
  NOTICE_MAX_ATTEMPTS(
      "notice_max_attempts", "12", "delivery attempts before a notice is given up as failed"),
  ANOMALY_GUESSING(
      "anomaly_guessing",
      "enforce",
      "token-guessing rule (guessing_limit, guessing_cooldown): enforce, report_only or off"),
  ANOMALY_THEFT(
      "anomaly_theft",
      "enforce",
      "token-theft rule (every TOKEN_REUSED): enforce, report_only or off"),
  ANOMALY_STUFFING(
      "anomaly_stuffing", "enforce", "credential-stuffing rule: enforce, report_only or off"),
  STUFFING_ACCOUNTS(
      "stuffing_accounts",
      "10",
      "distinct accounts one address may fail to sign in to within stuffing_window before it is refused sign-ins"),
  STUFFING_ADDRESSES(
      "stuffing_addresses",
      "10",
      "distinct addresses that may fail to sign in to one account within stuffing_window before operators are alerted"),
  STUFFING_WINDOW("stuffing_window", "PT10M", "window of the credential-stuffing rule"),
  STUFFING_COOLDOWN(
      "stuffing_cooldown", "PT15M", "how long an address caught stuffing is refused sign-ins"),
  ANOMALY_SPIKE(
      "anomaly_spike",
      "enforce",
      "reason-spike rule (a refusal reason far above its own rate over the previous day): enforce, report_only or off"),
  SPIKE_FACTOR("spike_factor", "5", "times its baseline rate a reason must reach to be a spike"),
  SPIKE_MIN_COUNT("spike_min_count", "20", "fewest refusals in spike_window that can be a spike"),
  SPIKE_WINDOW("spike_window", "PT10M", "window the spike rule compares with the previous day"),
  ANOMALY_NEW_DEVICE(
      "anomaly_new_device",
      "enforce",
      "new-device rule (network prefix and browser never seen for the subject): enforce, report_only or off"),
  BOOTSTRAP_API_KEY(
      "bootstrap_api_key",
      "",
      "registers this exact key with scope admin at start-up (at least 32 characters)");

  private final String key;
  private final String defaultValue;
  private final String description;

  ConfigKey(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The YAML key, e.g. {@code idle_timeout}. */
  public String key() {
    return key;
  }

  /** The environment variable, e.g. {@code VIGIL_IDLE_TIMEOUT}. */
  public String env() {
    return "VIGIL_" + key.toUpperCase(Locale.ROOT);
  }

  /** The command-line flag, e.g. {@code --idle-timeout}. */
  public String flag() {
    return "--" + key.replace('_', '-');
  }

  /** The value used when no layer sets one; empty means "not set". */
  public String defaultValue() {
    return defaultValue;
  }

  /** One line on what the key does. */
  public String description() {
    return description;
  }

  /** The key spelled {@code yamlKey}, if any. */
  public static Optional<ConfigKey> ofKey(String yamlKey) {
    return Arrays.stream(values()).filter(k -> k.key.equals(yamlKey)).findFirst();
  }
}
