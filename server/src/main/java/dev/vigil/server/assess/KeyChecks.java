package dev.vigil.server.assess;

import dev.vigil.access.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The signing keys and the API keys: age, rotation, how many keys can do everything. The age limits
 * are Vigil's policy for the documented key lifecycle ASVS 5.0 11.1.1 and 13.3.4 ask for; NIST SP
 * 800-63B-4 sets none for them.
 */
final class KeyChecks {
  /** A signing key older than this should be rotated ({@code vigil keys rotate}). */
  static final Duration SIGNING_ROTATE = Duration.ofDays(90);

  /** A signing key older than this is overdue. */
  static final Duration SIGNING_OVERDUE = Duration.ofDays(365);

  /** An API key with scope admin older than this is too old for a key that can do everything. */
  static final Duration ADMIN_KEY_MAX_AGE = Duration.ofDays(90);

  /** Any API key older than this should be replaced. */
  static final Duration KEY_MAX_AGE = Duration.ofDays(365);

  /** More unrevoked admin keys than this is more than a few operators need. */
  static final int MAX_ADMIN_KEYS = 3;

  private KeyChecks() {}

  static List<Check> of(Settings s, Instant now) {
    return List.of(
        signing(s.signingKeys(), s.sessions().keyOverlap(), now),
        apiKeyAge(s.apiKeys(), now),
        adminKeys(s.apiKeys(), now),
        bootstrap(s.bootstrapApiKey()));
  }

  static Check signing(List<Settings.SigningKeyInfo> keys, Duration overlap, Instant now) {
    Check.Ref ref = Check.Ref.of("keys.signing", "Signing key age and rotation", "11.1.1", "");
    Settings.SigningKeyInfo current =
        keys.stream().filter(k -> k.retiredAt().isEmpty()).reduce((a, b) -> b).orElse(null);
    if (current == null) {
      return Check.fail(ref, "the keyring has no current key", "run vigil keys rotate");
    }
    Duration age = Duration.between(current.createdAt(), now);
    String found =
        "current key "
            + current.id()
            + " is "
            + age.toDays()
            + " days old; "
            + (keys.size() - 1)
            + " retired key(s) verify for key_overlap "
            + Durations.text(overlap)
            + " after retirement";
    if (age.compareTo(SIGNING_OVERDUE) > 0) {
      return Check.fail(ref, found + " (more than 365 days)", "run vigil keys rotate");
    }
    if (age.compareTo(SIGNING_ROTATE) > 0) {
      return Check.warn(ref, found + " (more than 90 days)", "run vigil keys rotate");
    }
    return Check.pass(ref, found);
  }

  static Check apiKeyAge(List<Settings.ApiKeyInfo> keys, Instant now) {
    Check.Ref ref = Check.Ref.of("apikeys.age", "API key age", "13.3.4", "");
    List<String> old =
        keys.stream()
            .filter(k -> Duration.between(k.createdAt(), now).compareTo(KEY_MAX_AGE) > 0)
            .map(k -> describe(k, now))
            .toList();
    if (!old.isEmpty()) {
      return Check.warn(
          ref,
          "older than 365 days: " + String.join(", ", old),
          "create a replacement (vigil apikey create), move callers to it, then vigil apikey"
              + " revoke the old one");
    }
    return Check.pass(ref, keys(keys.size()) + ", none older than 365 days");
  }

  /** Keys with scope admin can do everything, key management included. */
  static Check adminKeys(List<Settings.ApiKeyInfo> keys, Instant now) {
    Check.Ref ref = Check.Ref.of("apikeys.admin", "Admin API keys: count, age, scope", "8.2.1", "");
    List<Settings.ApiKeyInfo> admin =
        keys.stream().filter(k -> k.scopes().contains(Scope.ADMIN)).toList();
    List<String> old =
        admin.stream()
            .filter(k -> Duration.between(k.createdAt(), now).compareTo(ADMIN_KEY_MAX_AGE) > 0)
            .map(k -> describe(k, now))
            .toList();
    if (!old.isEmpty()) {
      return Check.fail(
          ref,
          "scope admin (everything) and older than 90 days: " + String.join(", ", old),
          "give callers keys with only the scopes they use (sessions, accounts, audit), and"
              + " revoke or replace the old admin keys (vigil apikey revoke)");
    }
    if (admin.size() > MAX_ADMIN_KEYS) {
      return Check.warn(
          ref,
          admin.size() + " unrevoked keys have scope admin",
          "keep admin keys to the operators who manage keys; give callers narrower scopes");
    }
    return Check.pass(
        ref,
        admin.size()
            + " of "
            + keys.size()
            + " unrevoked keys have scope admin, none older than 90 days");
  }

  static Check bootstrap(boolean set) {
    Check.Ref ref = Check.Ref.of("apikeys.bootstrap", "Fixed bootstrap key", "13.3.1", "");
    if (set) {
      return Check.warn(
          ref,
          "bootstrap_api_key registers a fixed admin key at every start; it lives in the"
              + " configuration and never ages",
          "create keys with vigil apikey create and unset bootstrap_api_key, or keep it in a"
              + " secret store and rotate it");
    }
    return Check.pass(ref, "no fixed admin key in the configuration");
  }

  private static String keys(int n) {
    return n + (n == 1 ? " unrevoked key" : " unrevoked keys");
  }

  private static String describe(Settings.ApiKeyInfo k, Instant now) {
    return k.name()
        + " ("
        + k.id()
        + ", "
        + Duration.between(k.createdAt(), now).toDays()
        + " days)";
  }
}
