package dev.vigil.server;

import dev.vigil.audit.AuditRetention;
import dev.vigil.server.config.VigilConfig;
import dev.vigil.session.SessionService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The maintenance of a running node, on one daemon thread: re-reading the keyring, API keys and
 * step-up marks (every 2 s), counting live sessions (every 15 s), checking the event log's chain
 * (every 10 minutes) and logging its checkpoint (every 5), and, while this node holds the purge
 * lease, purging ended sessions, full rate buckets and unknown names' failures, and pruning old
 * events ({@code purge_interval}). A failing task is logged and tried again at its next turn.
 */
final class Maintenance {
  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

  /** How long the failures of names that belong to no account are kept. */
  private static final Duration UNKNOWN_NAMES_KEPT = Duration.ofDays(30);

  private Maintenance() {}

  /** Starts every task; shutting the executor down stops them. */
  static ScheduledExecutorService schedule(
      DataDirectory data,
      SessionService sessions,
      CachedSessionStore store,
      VigilConfig config,
      BooleanSupplier purging,
      MeterRegistry registry,
      Clock clock) {
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
        quietly("step-up marks reload", data.stepUpMarks()::reload), 2, 2, TimeUnit.SECONDS);
    AtomicLong live = new AtomicLong();
    Gauge.builder("vigil.sessions.live", live, AtomicLong::get)
        .description("Live sessions (refreshed every 15 s)")
        .register(registry);
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
              var cp = data.feed().checkpoint();
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
              if (!purging.getAsBoolean()) {
                return;
              }
              int n = sessions.purge();
              if (n > 0) {
                LOG.info("purged {} ended sessions older than {}", n, config.policy().retention());
              }
              data.rateBuckets().forgetFull();
              data.signInBlocks().forgetEnded(clock.instant());
              int names =
                  data.loginFailures()
                      .purgeUnknown(
                          clock.instant().minus(UNKNOWN_NAMES_KEPT),
                          dev.vigil.account.LoginThrottle.HARD_STOP);
              if (names > 0) {
                LOG.info("forgot the failed sign-ins of {} names that belong to no account", names);
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
              if (!purging.getAsBoolean()) {
                return;
              }
              long n = retention.prune();
              if (n > 0) {
                LOG.info("pruned {} events older than {}", n, retention.retention());
              }
            }),
        purgeMs,
        purgeMs,
        TimeUnit.MILLISECONDS);

    return background;
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
