package dev.vigil.server.assess;

import dev.vigil.access.ApiKey;
import dev.vigil.access.Scope;
import dev.vigil.server.anomaly.AnomalySettings;
import dev.vigil.server.anomaly.RuleMode;
import dev.vigil.server.config.VigilConfig;
import dev.vigil.server.notify.Smtp;
import dev.vigil.session.SessionPolicy;
import dev.vigil.token.Keyring;
import dev.vigil.token.SigningKey;
import dev.vigil.token.TokenSecret;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What the audit judges of one node: its effective settings and the ages of its keys, without a
 * secret. No key material, password, mail password, API key text or API key hash is held here, so
 * the whole record may be shown to an admin ({@code GET /v1/admin/config}). Built from a loaded
 * configuration with {@link #of}, or read from a server's answer with {@link SettingsJson#read}.
 *
 * @param sessions the session policy and the token's entropy
 * @param transport how the node is reached and how its web cookies are set
 * @param passwords the password policy
 * @param defences the throttles and the anomaly rules' modes
 * @param notices whether mail is configured for notices and operator alerts
 * @param auditRetention how long events are kept before pruning
 * @param signingKeys the keyring's keys (ids and times only), oldest first
 * @param apiKeys the unrevoked API keys (ids, names, scopes and times only), oldest first
 * @param bootstrapApiKey whether {@code bootstrap_api_key} registers a fixed admin key at start-up
 */
public record Settings(
    Sessions sessions,
    Transport transport,
    Passwords passwords,
    Defences defences,
    Notices notices,
    Duration auditRetention,
    List<SigningKeyInfo> signingKeys,
    List<ApiKeyInfo> apiKeys,
    boolean bootstrapApiKey) {

  public Settings {
    signingKeys = List.copyOf(signingKeys);
    apiKeys = List.copyOf(apiKeys);
  }

  /**
   * The session rules.
   *
   * @param tokenEntropyBits random bits in a token's secret
   */
  public record Sessions(
      int tokenEntropyBits,
      Duration idleTimeout,
      Duration absoluteTimeout,
      Duration maxIdleTimeout,
      Duration maxAbsoluteTimeout,
      Duration rotateAfter,
      Duration rotationGrace,
      Duration keyOverlap) {}

  /**
   * How the node is reached.
   *
   * @param host the address it listens on
   * @param tls whether it speaks TLS itself, sits behind a declared TLS proxy, or neither
   * @param devInsecureCookies whether the web cookies drop {@code Secure} and {@code __Host-}
   * @param headerTimeout {@code header_timeout}: how long a request head may take to arrive
   */
  public record Transport(
      String host, Tls tls, boolean devInsecureCookies, Duration headerTimeout) {}

  /** How a node protects its traffic. */
  public enum Tls {
    /** Vigil serves HTTPS itself ({@code tls_cert}, {@code tls_key}). */
    ON,
    /** A TLS-terminating proxy is declared in front ({@code tls_proxy: true}). */
    PROXY,
    /** Plain HTTP, which the configuration allows on loopback addresses only. */
    OFF;

    /** The JSON spelling: {@code on}, {@code proxy}, {@code off}. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The password policy.
   *
   * @param minLength shortest password without a second factor, in characters
   * @param minLengthWithTotp shortest password with TOTP
   * @param contextWords how many operator words passwords must not be made of
   */
  public record Passwords(int minLength, int minLengthWithTotp, int contextWords) {}

  /**
   * The throttles and anomaly rules.
   *
   * @param guessingLimit unauthentic tokens per address per minute (0: off)
   * @param loginAddressLimit sign-in attempts per address per minute (0: off)
   */
  public record Defences(
      int guessingLimit,
      int loginAddressLimit,
      RuleMode guessing,
      RuleMode theft,
      RuleMode stuffing,
      RuleMode spike,
      RuleMode newDevice) {}

  /**
   * Mail for notices.
   *
   * @param mail whether an SMTP server is configured
   * @param starttls the STARTTLS policy towards it
   * @param operatorAlerts whether an operator address receives anomaly alerts
   */
  public record Notices(boolean mail, Smtp.StartTls starttls, boolean operatorAlerts) {}

  /** A signing key: its id and when it was created and retired, never its material. */
  public record SigningKeyInfo(String id, Instant createdAt, Optional<Instant> retiredAt) {}

  /** An unrevoked API key: id, name, scopes and creation time, never its text or hash. */
  public record ApiKeyInfo(String id, String name, Set<Scope> scopes, Instant createdAt) {
    public ApiKeyInfo {
      scopes = Set.copyOf(EnumSet.copyOf(scopes));
    }
  }

  /**
   * The settings of {@code config}, with the keys of {@code keyring} and the live keys of {@code
   * keys}.
   */
  public static Settings of(VigilConfig config, Keyring keyring, List<ApiKey> keys) {
    SessionPolicy p = config.policy();
    AnomalySettings a = config.anomalies();
    return new Settings(
        new Sessions(
            TokenSecret.LENGTH * 8,
            p.idleTimeout(),
            p.absoluteTimeout(),
            p.maxIdleTimeout(),
            p.maxAbsoluteTimeout(),
            p.rotateAfter(),
            p.rotationGrace(),
            p.keyOverlap()),
        new Transport(
            config.host(),
            config.tls().enabled() ? Tls.ON : config.tls().proxy() ? Tls.PROXY : Tls.OFF,
            config.web().insecureCookies(),
            config.http().headerTimeout()),
        new Passwords(
            config.passwordPolicy().minLength(),
            config.passwordPolicy().minLengthWithTotp(),
            config.passwordContextWords().size()),
        new Defences(
            config.guessingLimit(),
            config.loginAddressLimit(),
            a.guessing(),
            a.theft(),
            a.stuffing(),
            a.spike(),
            a.newDevice()),
        new Notices(
            config.notices().smtp().isPresent(),
            config.notices().smtp().map(Smtp::starttls).orElse(Smtp.StartTls.REQUIRED),
            config.notices().alertEmail().isPresent()),
        config.auditRetention(),
        keyring.keys().stream().map(Settings::info).toList(),
        keys.stream().filter(k -> k.revokedAt().isEmpty()).map(Settings::info).toList(),
        config.bootstrapApiKey().isPresent());
  }

  private static SigningKeyInfo info(SigningKey k) {
    return new SigningKeyInfo(k.id().value(), k.createdAt(), k.retiredAt());
  }

  private static ApiKeyInfo info(ApiKey k) {
    return new ApiKeyInfo(k.id(), k.name(), k.scopes(), k.createdAt());
  }
}
