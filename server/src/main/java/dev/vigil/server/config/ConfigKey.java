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
  PERMISSIONS(
      "permissions",
      "",
      "what each role grants, for require.permissions: role=perm,perm;role=perm (for example editor=posts:write;admin=posts:write,users:manage)"),
  ROLE_CHANGE(
      "role_change",
      "rotate",
      "what a change of a user's roles does to their sessions: rotate (new roles at once, token renewed at next use) or revoke (PRIVILEGE_CHANGED)"),
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
