package dev.vigil.server;

import dev.vigil.account.AccountService;
import dev.vigil.account.MfaService;
import dev.vigil.audit.AuditRetention;
import dev.vigil.server.api.AccountRoutes;
import dev.vigil.server.api.ApiServer;
import dev.vigil.server.api.AuditRoutes;
import dev.vigil.server.api.Callers;
import dev.vigil.server.api.OpsRoutes;
import dev.vigil.server.api.ReportRoutes;
import dev.vigil.server.api.SessionRoutes;
import dev.vigil.server.api.StatsRoutes;
import dev.vigil.server.config.VigilConfig;
import dev.vigil.session.SessionService;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of a Vigil node with {@code new}, starts the HTTP server
 * and the background tasks (keyring reload, purge of sessions, pruning of events past the audit
 * retention, chain check, live-session count), and stops them.
 */
public final class Vigil implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Vigil.class);

  private final DataDirectory data;
  private final Javalin app;
  private final ScheduledExecutorService background;

  private Vigil(DataDirectory data, Javalin app, ScheduledExecutorService background) {
    this.data = data;
    this.app = app;
    this.background = background;
  }

  /** Opens the data directory, starts serving, and returns once the port is bound. */
  public static Vigil start(VigilConfig config) {
    long started = System.nanoTime();
    Clock clock = Clock.tickMillis(java.time.ZoneOffset.UTC);
    DataDirectory data = DataDirectory.open(config, clock);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CachedSessionStore store =
        new CachedSessionStore(data.sessions(), config.cacheSize(), config.cacheTtl());
    Services services = Services.of(data, store, config, clock);
    SessionService sessions = services.sessions();
    Callers callers = new Callers(data.apiKeys());
    Counter storeErrors =
        Counter.builder("vigil.store.errors")
            .description("Calls answered 503 because the store failed")
            .register(registry);
    AtomicLong live = new AtomicLong();
    Gauge.builder("vigil.sessions.live", live, AtomicLong::get)
        .description("Live sessions (refreshed every 15 s)")
        .register(registry);
    Gauge.builder("vigil.sessions.cached", store, CachedSessionStore::cachedSessions)
        .description("Sessions in this node's cache")
        .register(registry);

    MfaService mfa = services.mfa();
    AccountService accounts = services.accounts();
    Javalin app =
        ApiServer.create(
            config.host(),
            config.port(),
            List.of(
                new SessionRoutes(
                        sessions,
                        callers,
                        new VerifyMetrics(registry),
                        new GuessingThrottle(
                            config.guessingLimit(), config.guessingCooldown(), sessions, clock),
                        clock)
                    ::register,
                new ReportRoutes(
                        new dev.vigil.audit.Reports(data.reports(), data.events(), clock), callers)
                    ::register,
                new AuditRoutes(data.events(), callers)::register,
                new StatsRoutes(data.events(), callers, clock)::register,
                new AccountRoutes(
                        accounts,
                        mfa,
                        config.roleChange(),
                        new dev.vigil.server.account.LoginRateLimit(config.loginAddressLimit()),
                        callers,
                        clock)
                    ::register,
                new OpsRoutes(store, registry)::register),
            storeErrors);
    app.start();

    ScheduledExecutorService background =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vigil-maintenance");
              t.setDaemon(true);
              return t;
            });
    background.scheduleWithFixedDelay(
        quietly("keyring reload", data.keyring()::reloadIfChanged), 2, 2, TimeUnit.SECONDS);
    background.scheduleWithFixedDelay(
        quietly("API key reload", data.apiKeys()::reload), 2, 2, TimeUnit.SECONDS);
    background.scheduleWithFixedDelay(
        quietly("live count", () -> live.set(store.countLive(clock.instant()))),
        0,
        15,
        TimeUnit.SECONDS);
    AtomicLong chainIntact = new AtomicLong(1);
    Gauge.builder("vigil.audit.chain.intact", chainIntact, AtomicLong::get)
        .description("1 when the last check of the event log's hash chain found it intact, else 0")
        .register(registry);
    background.scheduleWithFixedDelay(
        quietly(
            "audit chain check",
            () -> {
              var check = data.events().verifyChain();
              chainIntact.set(check.intact() ? 1 : 0);
              if (!check.intact()) {
                LOG.error(
                    "audit chain BROKEN at event {} ({} events checked)",
                    check.firstBroken().map(Object::toString).orElse("?"),
                    check.events());
              }
            }),
        1,
        10,
        TimeUnit.MINUTES);
    background.scheduleWithFixedDelay(
        quietly(
            "audit checkpoint",
            () -> {
              var cp = data.events().checkpoint();
              LOG.info(
                  "audit checkpoint: {} events ({} pruned before them), last link {}",
                  cp.events(),
                  cp.pruned(),
                  cp.lastLink());
            }),
        0,
        5,
        TimeUnit.MINUTES);
    long purgeMs = config.purgeInterval().toMillis();
    background.scheduleWithFixedDelay(
        quietly(
            "purge",
            () -> {
              int n = sessions.purge();
              if (n > 0) {
                LOG.info("purged {} ended sessions older than {}", n, config.policy().retention());
              }
            }),
        purgeMs,
        purgeMs,
        TimeUnit.MILLISECONDS);
    AuditRetention retention =
        new AuditRetention(data.events(), config.auditRetention(), AuditRetention.BATCH, clock);
    background.scheduleWithFixedDelay(
        quietly(
            "audit pruning",
            () -> {
              long n = retention.prune();
              if (n > 0) {
                LOG.info("pruned {} events older than {}", n, retention.retention());
              }
            }),
        purgeMs,
        purgeMs,
        TimeUnit.MILLISECONDS);

    LOG.info(
        "Vigil listening on http://{}:{} with data in {} (ready in {} ms)",
        config.host(),
        app.port(),
        config.data().toAbsolutePath(),
        (System.nanoTime() - started) / 1_000_000);
    return new Vigil(data, app, background);
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    background.shutdownNow();
    app.stop();
    data.close();
  }

  private static Runnable quietly(String what, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("{} failed: {}", what, e.getMessage());
      }
    };
  }
}
