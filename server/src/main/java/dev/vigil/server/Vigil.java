package dev.vigil.server;

import dev.vigil.account.Accounts;
import dev.vigil.client.UserAgents;
import dev.vigil.server.anomaly.AnomalyRecorder;
import dev.vigil.server.anomaly.AnomalyRules;
import dev.vigil.server.anomaly.GuessingThrottle;
import dev.vigil.server.api.AccountRoutes;
import dev.vigil.server.api.ApiServer;
import dev.vigil.server.api.AuditRoutes;
import dev.vigil.server.api.Callers;
import dev.vigil.server.api.ConfigRoutes;
import dev.vigil.server.api.OpsRoutes;
import dev.vigil.server.api.ReportRoutes;
import dev.vigil.server.api.SessionRoutes;
import dev.vigil.server.api.SignInRoutes;
import dev.vigil.server.api.StatsRoutes;
import dev.vigil.server.api.TotpRoutes;
import dev.vigil.server.api.VerifyMetrics;
import dev.vigil.server.api.WebhookRoutes;
import dev.vigil.server.assess.Settings;
import dev.vigil.server.beat.NodeClaim;
import dev.vigil.server.config.VigilConfig;
import dev.vigil.server.notify.NotMe;
import dev.vigil.server.notify.NotMeLinks;
import dev.vigil.server.notify.Notifier;
import dev.vigil.server.notify.Webhooks;
import dev.vigil.server.tls.TlsReloader;
import dev.vigil.server.useragent.BackgroundUserAgents;
import dev.vigil.server.web.Readings;
import dev.vigil.server.web.WebPages;
import dev.vigil.session.SessionService;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of a Vigil node with {@code new}, starts the HTTP server
 * and the background tasks (keyring reload, purge of sessions, pruning of events past the audit
 * retention, chain check, live-session count), and stops them.
 */
public final class Vigil implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Vigil.class);

  /** How long a node keeps a piece of background work after it stops renewing its lease. */
  static final java.time.Duration LEASE_TERM = java.time.Duration.ofSeconds(15);

  private static final String NOTIFIER = "notifier";
  private static final String ANOMALY_RULES = "anomaly-rules";
  private static final String PURGE = "purge";

  /**
   * Gives up the leases of {@code ended}, the node that served from this data directory before and
   * whose process has ended ({@link NodeClaim}), so that this node takes its work over at once.
   */
  private static void giveUpLeases(DataDirectory data, String ended) {
    try {
      for (String name : List.of(NOTIFIER, ANOMALY_RULES, PURGE)) {
        data.leases().release(name, ended);
      }
      LOG.info(
          "the node that served from this directory before ({}) has ended: its leases are given up",
          ended);
    } catch (RuntimeException e) {
      LOG.warn("cannot give up the leases of the ended node {}: {}", ended, e.getMessage());
    }
  }

  /** The lease of one piece of background work, for this node. */
  private static dev.vigil.server.beat.Lease lease(
      DataDirectory data, String name, String node, Clock clock) {
    return new dev.vigil.server.beat.Lease(data.leases(), name, node, clock, LEASE_TERM);
  }

  private final DataDirectory data;
  private final Javalin app;
  private final Maintenance background;
  private final List<AutoCloseable> followers;
  private final Services services;

  private Vigil(
      DataDirectory data,
      Javalin app,
      Maintenance background,
      List<AutoCloseable> followers,
      Services services) {
    this.data = data;
    this.app = app;
    this.background = background;
    this.followers = followers;
    this.services = services;
  }

  /**
   * Opens the data directory, starts serving, and returns once the port is bound; then begins
   * building the user agent analyzer in the background (seconds of CPU that start-up does not wait
   * for; the first incident explained may).
   */
  public static Vigil start(VigilConfig config) {
    return start(config, BackgroundUserAgents.of(config.userAgentAnalyzer()), false, systemClock());
  }

  /** The clock a production node runs on: UTC, in milliseconds. */
  static Clock systemClock() {
    return Clock.tickMillis(java.time.ZoneOffset.UTC);
  }

  /**
   * For the events-on/off benchmark only: with {@code withoutVerifyEvents}, the events a
   * verification writes (refusals, automatic rotations) are dropped, so their cost can be measured
   * against a node that keeps them. Never reachable from the configuration.
   */
  public static Vigil start(VigilConfig config, boolean withoutVerifyEvents) {
    return start(
        config,
        BackgroundUserAgents.of(config.userAgentAnalyzer()),
        withoutVerifyEvents,
        systemClock());
  }

  /**
   * As {@link #start(VigilConfig)}, with an analyzer that may be shared: tests run many servers in
   * one JVM and build the analyzer once for all of them.
   */
  static Vigil start(VigilConfig config, BackgroundUserAgents userAgents) {
    return start(config, userAgents, false, systemClock());
  }

  /**
   * As {@link #start(VigilConfig, BackgroundUserAgents)} on {@code clock}: tests move a clock
   * instead of sleeping. Every decision on time (timeouts, rotation, throttles, retention) reads
   * it; only timers that pace background work run on real time.
   */
  static Vigil start(VigilConfig config, BackgroundUserAgents userAgents, Clock clock) {
    return start(config, userAgents, false, clock);
  }

  private static Vigil start(
      VigilConfig config,
      BackgroundUserAgents userAgents,
      boolean withoutVerifyEvents,
      Clock clock) {
    long started = System.nanoTime();
    DataDirectory data = DataDirectory.open(config, clock);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    SessionCache cache = SessionCache.start(data, config, registry);
    CachedSessionStore store = cache.store();
    dev.vigil.audit.AuditLog sessionEvents = data.events();
    if (withoutVerifyEvents) {
      LOG.warn("BENCHMARK MODE: events of verifications are dropped");
      sessionEvents = new VerifyEventsDropped(data.events());
    }
    Services services = Services.of(data, store, sessionEvents, config, userAgents, clock);
    SessionService sessions = services.sessions();
    Callers callers = new Callers(data.apiKeys(), data.events(), clock);
    Gauge.builder("vigil.sessions.cached", store, CachedSessionStore::cachedSessions)
        .description("Sessions in this node's cache")
        .register(registry);

    Accounts accounts = services.accounts();
    var reports = new dev.vigil.audit.Reports(data.reports(), data.events(), clock);
    var webhooks =
        new Webhooks(data.outbox(), new dev.vigil.account.SecretBox(data.keyring()), clock);
    var links = new NotMeLinks(data.keyring());
    Optional<TlsReloader> tls =
        config.tls().enabled()
            ? Optional.of(open(config.tls().cert().orElseThrow(), config.tls().key().orElseThrow()))
            : Optional.empty();
    Javalin[] bound = new Javalin[1];
    Notifier notifier =
        new Notifier(
            data.feed(),
            data.outbox(),
            webhooks,
            data.users(),
            links,
            config.notices(),
            () ->
                config
                    .notices()
                    .publicUrl()
                    .orElseGet(
                        () ->
                            (tls.isPresent() ? "https://" : "http://")
                                + config.host()
                                + ":"
                                + bound[0].port()),
            clock,
            registry);
    AnomalyRecorder recorder = new AnomalyRecorder(data.events(), registry, clock, notifier::wake);
    AnomalyRules rules =
        new AnomalyRules(
            data.feed(),
            data.outbox(),
            data.knownDevices(),
            data.signInBlocks(),
            recorder,
            config.anomalies(),
            ua -> userAgents.family(ua).withoutVersion(),
            clock,
            registry);
    VerifyMetrics verifyMetrics = new VerifyMetrics(registry);
    GuessingThrottle guessing =
        new GuessingThrottle(
            config.guessingLimit(),
            config.guessingCooldown(),
            config.anomalies().guessing(),
            recorder,
            sessions,
            data.rateBuckets(),
            clock);
    SignInRoutes.AddressLimits signInLimits =
        new SignInRoutes.AddressLimits(
            new dev.vigil.server.account.LoginRateLimit(
                config.loginAddressLimit(), data.rateBuckets()),
            rules::signInRefusal);
    Readings readings = new Readings();
    dev.vigil.server.api.Verification verification =
        new dev.vigil.server.api.Verification(sessions, guessing, verifyMetrics);
    WebPages pages =
        new WebPages(
            new WebPages.Parts(
                sessions,
                accounts,
                signInLimits,
                verification,
                services.userAgents() instanceof BackgroundUserAgents b
                    ? b.withoutWaiting()
                    : services.userAgents(),
                data.keyring(),
                data.events(),
                config.passwordPolicy(),
                reports,
                new NotMe(
                    links,
                    data.links(),
                    sessions,
                    reports,
                    data.stepUpMarks(),
                    config.policy().maxAbsoluteTimeout(),
                    clock),
                services.incidents(),
                webhooks,
                data.outbox(),
                readings,
                clock),
            config.web(),
            config.notices().publicUrl(),
            tls.isPresent());
    Javalin app =
        ApiServer.create(
            new ApiServer.Listener(
                config.host(), config.port(), tls.map(TlsReloader::factory), config.http()),
            List.of(
                new SessionRoutes(
                        sessions, callers, verification, accounts.accounts()::maySignIn, clock)
                    ::register,
                new ReportRoutes(reports, callers)::register,
                new AuditRoutes(data.events(), services.incidents(), callers)::register,
                new WebhookRoutes(webhooks, data.outbox(), callers)::register,
                new StatsRoutes(data.events(), services.userAgents(), callers, clock)::register,
                new AccountRoutes(accounts, config.roleChange(), callers, clock)::register,
                new SignInRoutes(accounts.signIn(), accounts.mfa(), signInLimits, callers, clock)
                    ::register,
                new TotpRoutes(accounts.mfa(), accounts.reauthentication(), callers, clock)
                    ::register,
                new ConfigRoutes(
                        () -> Settings.of(config, data.keyring().get(), data.apiKeys().list()),
                        callers)
                    ::register,
                new OpsRoutes(store, registry, rules::caughtUp)::register,
                pages::register),
            registry);
    bound[0] = app;
    app.start();
    String node = "node-" + java.util.UUID.randomUUID();
    NodeClaim claim = NodeClaim.take(config.data(), node);
    claim.ended().ifPresent(ended -> giveUpLeases(data, ended));
    dev.vigil.server.beat.Lease notifying = lease(data, NOTIFIER, node, clock);
    dev.vigil.server.beat.Lease watching = lease(data, ANOMALY_RULES, node, clock);
    dev.vigil.server.beat.Lease purging = lease(data, PURGE, node, clock);
    notifier.start(notifying);
    rules.start(watching);

    Maintenance background =
        Maintenance.schedule(data, sessions, store, config, purging, registry, readings, clock);

    LOG.info(
        "Vigil listening on {}://{}:{} with data in {} (ready in {} ms)",
        tls.isPresent() ? "https" : "http",
        config.host(),
        app.port(),
        config.data().toAbsolutePath(),
        (System.nanoTime() - started) / 1_000_000);
    userAgents.start();
    List<AutoCloseable> followers =
        new java.util.ArrayList<>(List.of(rules, notifier, notifying, watching, purging));
    cache.listening().ifPresent(followers::add);
    tls.ifPresent(followers::add);
    followers.add(claim);
    return new Vigil(data, app, background, followers, services);
  }

  /**
   * The browser-family analyzer of this node, for rules that compare clients; it may wait for its
   * analyzer on first use.
   */
  public UserAgents userAgents() {
    return services.userAgents();
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return app.port();
  }

  /**
   * Stops the node in the order that loses nothing: stop accepting requests and finish those under
   * way, stop the background tasks and the followers (each waits for a run under way), then write
   * the events still waiting and close the store.
   */
  @Override
  public void close() {
    app.stop();
    background.close();
    for (AutoCloseable f : followers) {
      try {
        f.close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed: {}", f.getClass().getSimpleName(), e.getMessage());
      }
    }
    data.close();
  }

  private static TlsReloader open(java.nio.file.Path cert, java.nio.file.Path key) {
    try {
      return TlsReloader.open(cert, key);
    } catch (IllegalArgumentException e) {
      throw new dev.vigil.server.config.ConfigException("tls_cert, tls_key: " + e.getMessage());
    }
  }
}
