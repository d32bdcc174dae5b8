package dev.vigil.server.config;

import dev.vigil.session.SessionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The whole configuration of a Vigil node, validated. Built by {@link ConfigLoader}.
 *
 * @param host address to listen on
 * @param port port to listen on, 0 for any free port
 * @param data the data directory
 * @param policy the session rules
 * @param purgeInterval how often ended sessions are purged and old events pruned
 * @param auditRetention how long events are kept before they are pruned (at least a day)
 * @param cacheTtl how long a cached session is trusted without the store
 * @param cacheSize how many sessions the node caches
 * @param bootstrapApiKey a key to register with scope admin at start-up
 * @param guessingLimit unauthentic tokens per minute per client address before a cool-down (0: off)
 * @param guessingCooldown how long a throttled address answers THROTTLED
 * @param roleChange what a change of a user's roles does to their sessions
 * @param loginAddressLimit sign-in attempts per client address per minute (0: off)
 * @param permissions what each role grants
 * @param passwordPolicy minimum password lengths
 * @param notices how webhooks and e-mail are delivered
 * @param anomalies the anomaly rules' modes and thresholds
 * @param passwordContextWords words a password must not be made of, beside the account's own
 * @param clientChange what a session presented from another network and browser family does
 * @param storeTimeout longest wait for a busy or unreachable store before 503
 * @param tls the certificate and key to serve HTTPS with, or a declared TLS proxy
 * @param passwordHashing how passwords are hashed: threads, Argon2id cost and engine
 * @param userAgentAnalyzer what tells browsers and systems apart in user agents
 * @param store where the data is kept: SQLite in the data directory, or PostgreSQL
 * @param web how the web pages set their cookies
 * @param http what the node takes from the network: body and header sizes, timeouts, requests and
 *     connections at once
 */
public record VigilConfig(
    String host,
    int port,
    Path data,
    SessionPolicy policy,
    Duration purgeInterval,
    Duration auditRetention,
    Duration cacheTtl,
    long cacheSize,
    Optional<String> bootstrapApiKey,
    int guessingLimit,
    Duration guessingCooldown,
    dev.vigil.account.AccountService.RoleChange roleChange,
    int loginAddressLimit,
    dev.vigil.session.RolePermissions permissions,
    dev.vigil.account.PasswordPolicy passwordPolicy,
    dev.vigil.server.notify.NoticeSettings notices,
    dev.vigil.server.anomaly.AnomalySettings anomalies,
    java.util.List<String> passwordContextWords,
    dev.vigil.session.ClientChange clientChange,
    Duration storeTimeout,
    TlsSettings tls,
    PasswordHashing passwordHashing,
    UserAgentAnalyzer userAgentAnalyzer,
    StoreSettings store,
    WebSettings web,
    HttpLimits http) {

  public VigilConfig {
    passwordContextWords = java.util.List.copyOf(passwordContextWords);
  }

  @Override
  public String toString() {
    return "VigilConfig["
        + host
        + ":"
        + port
        + ", data "
        + data
        + ", store "
        + store
        + ", "
        + policy
        + (bootstrapApiKey.isPresent() ? ", bootstrap key set" : "")
        + "]";
  }
}
