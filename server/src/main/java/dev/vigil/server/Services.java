package dev.vigil.server;

import dev.vigil.account.Accounts;
import dev.vigil.account.PasswordHasher;
import dev.vigil.account.Passwords;
import dev.vigil.account.SecretBox;
import dev.vigil.client.UserAgents;
import dev.vigil.incident.IncidentExplainer;
import dev.vigil.server.account.Argon2Engines;
import dev.vigil.server.account.ZxcvbnStrength;
import dev.vigil.server.config.VigilConfig;
import dev.vigil.server.useragent.BackgroundUserAgents;
import dev.vigil.session.ClientWatch;
import dev.vigil.session.SessionService;
import dev.vigil.session.SessionStore;
import java.time.Clock;

/**
 * The domain services over a data directory, built the same way for the server and for every CLI
 * command (which passes the store without the node cache).
 *
 * @param accounts account changes, sign-in, TOTP, resets and re-authentication
 * @param userAgents tells browser families from user agents, for explanations and for rules that
 *     compare clients; thread-safe, and it may wait for its analyzer on first use (see {@link
 *     dev.vigil.server.useragent.BackgroundUserAgents})
 * @param incidents explains invalid verdicts, naming clients by address and browser family
 */
public record Services(
    SessionService sessions,
    Accounts accounts,
    UserAgents userAgents,
    IncidentExplainer incidents) {
  /**
   * Builds the services over {@code data}, with {@code store} in front of its sessions; {@code
   * userAgents} is shared, not built here, because building an analyzer is slow.
   */
  public static Services of(
      DataDirectory data,
      SessionStore store,
      VigilConfig config,
      UserAgents userAgents,
      Clock clock) {
    return of(data, store, data.events(), config, userAgents, clock);
  }

  /**
   * As {@link #of(DataDirectory, SessionStore, VigilConfig, UserAgents, Clock)}, with the sessions'
   * events written to {@code sessionEvents}.
   */
  static Services of(
      DataDirectory data,
      SessionStore store,
      dev.vigil.audit.AuditLog sessionEvents,
      VigilConfig config,
      UserAgents userAgents,
      Clock clock) {
    UserAgents onRequests =
        userAgents instanceof BackgroundUserAgents b ? b.withoutWaiting() : userAgents;
    SessionService sessions =
        new SessionService(
            store,
            sessionEvents,
            data.keyring(),
            config.policy(),
            new SessionService.Checks(
                config.permissions(),
                data.stepUpMarks(),
                new ClientWatch(config.clientChange(), onRequests)),
            clock);
    Passwords passwords =
        new Passwords(
            new PasswordHasher(
                Argon2Engines.of(config.passwordHashing().engine()),
                config.passwordHashing().params(),
                config.passwordHashing().threads(),
                64),
            config.passwordPolicy(),
            new ZxcvbnStrength(),
            contextWords(config));
    Accounts accounts =
        Accounts.of(
            new Accounts.Stores(data.users(), data.loginFailures(), data.mfa()),
            sessions,
            passwords,
            new SecretBox(data.keyring()),
            data.events(),
            clock);
    return new Services(
        sessions, accounts, userAgents, new IncidentExplainer(data.events(), userAgents));
  }

  /** The words every guesser of this deployment tries first: Vigil's name and the operator's. */
  static java.util.List<String> contextWords(VigilConfig config) {
    java.util.List<String> words = new java.util.ArrayList<>(java.util.List.of("vigil"));
    words.addAll(config.passwordContextWords());
    return words;
  }
}
