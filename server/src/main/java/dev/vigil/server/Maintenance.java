package dev.vigil.server;

import dev.vigil.audit.AuditRetention;
import dev.vigil.server.config.VigilConfig;
import dev.vigil.server.web.Readings;
import dev.vigil.session.SessionService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The maintenance of a running node. On a thread of their own, so that no long task delays them:
 * re-reading the keyring, API keys and step-up marks, every half {@code revocation_bound} (0.5 s by
 * default, 2 s at most), so that a key rotated, an API key revoked or a step-up made on another
 * node is honoured here within the bound. On a second thread: counting live sessions (every 15 s),
 * checking the event log's chain (every minute, over the events written since the last check, and
 * over the whole log at start and once a day: {@link ChainWatch}) and logging its checkpoint (every
 * 5 minutes), and, while this node holds the purge lease, purging ended sessions, full rate
 * buckets, ended sign-in blocks and unknown names' failures, and pruning old events ({@code
 * purge_interval}). A failing task is logged and tried again at its next turn.
 */
final class Maintenance implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

  /**
   * How long the failed sign-ins of a name that belongs to no account are kept after its last
   * failure (below the hard stop): long enough that waiting out the count tells nothing soon about
   * which names exist, short enough that guessed names cannot fill the store.
   */
  private static final Duration UNKNOWN_NAMES_KEPT = Duration.ofDays(30);

  /** The share of one core the periodic chain check may take (AuditLog#verifyChain(double)). */
  static final double CHAIN_CHECK_SHARE = 0.25;

  /** How often the chain is checked: continued over the new events, fully once a day. */
  static final Duration CHAIN_CHECK_EVERY = Duration.ofMinutes(1);

  private final ScheduledExecutorService reloads;
  private final ScheduledExecutorService background;

  private Maintenance(ScheduledExecutorService reloads, ScheduledExecutorService background) {
    this.reloads = reloads;
    this.background = background;
  }

  /** How often the keyring, API keys and step-up marks are read again, for {@code bound}. */
  static Duration reloadPeriod(Duration bound) {
    Duration half = bound.dividedBy(2);
    Duration least = Duration.ofMillis(100);
    Duration most = Duration.ofSeconds(2);
    return half.compareTo(least) < 0 ? least : half.compareTo(most) > 0 ? most : half;
  }

  private static ScheduledExecutorService thread(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /** Starts every task; {@link #close()} stops them. */
  static Maintenance schedule(
      DataDirectory data,
      SessionService sessions,
      CachedSessionStore store,
      VigilConfig config,
      BooleanSupplier purging,
      MeterRegistry registry,
      Readings readings,
      Clock clock) {
    ScheduledExecutorService reloads = thread("vigil-reload");
    long reloadMs = reloadPeriod(config.store().revocationBound()).toMillis();
    reloads.scheduleWithFixedDelay(
        quietly("keyring reload", data.keyring()::reloadIfChanged),
        reloadMs,
        reloadMs,
        TimeUnit.MILLISECONDS);
    reloads.scheduleWithFixedDelay(
        quietly("API key reload", data.apiKeys()::reload),
        reloadMs,
        reloadMs,
        TimeUnit.MILLISECONDS);
    reloads.scheduleWithFixedDelay(
        quietly("step-up marks reload", data.stepUpMarks()::reload),
        reloadMs,
        reloadMs,
        TimeUnit.MILLISECONDS);
    ScheduledExecutorService background = thread("vigil-maintenance");
    AtomicLong live = new AtomicLong();
    Gauge.builder("vigil.sessions.live", live, AtomicLong::get)
        .description("Live sessions (refreshed every 15 s)")
        .register(registry);
    background.scheduleWithFixedDelay(
        quietly(
            "live count",
            () -> {
              Instant now = clock.instant();
              live.set(store.countLive(now));
              readings.liveSessions(live.get(), now);
            }),
        0,
        15,
        TimeUnit.SECONDS);
    AtomicLong chainIntact = new AtomicLong(1);
    Gauge.builder("vigil.audit.chain.intact", chainIntact, AtomicLong::get)
        .description("1 when the last check of the event log's hash chain found it intact, else 0")
        .register(registry);
    ChainWatch watch = new ChainWatch(data.events(), CHAIN_CHECK_SHARE, clock);
    background.scheduleWithFixedDelay(
        quietly(
            "audit chain check",
            () -> {
              // paced, and continued from the last check but once a day (ChainWatch): a full
              // check of the whole log every 10 minutes held requests up under load
              // (docs/BENCHMARKS.md, "Soak")
              long started = System.nanoTime();
              ChainWatch.Run run = watch.run();
              var check = run.check();
              chainIntact.set(check.intact() ? 1 : 0);
              readings.chainChecked(check, clock.instant());
              long ms = (System.nanoTime() - started) / 1_000_000;
              if (!check.intact()) {
                LOG.error(
                    "audit chain BROKEN at event {} ({} events checked)",
                    check.firstBroken().map(Object::toString).orElse("?"),
                    check.events());
              } else if (run.full()) {
                LOG.info("audit chain intact: {} events checked in {} ms", check.events(), ms);
              } else {
                LOG.debug(
                    "audit chain intact: {} events, the new ones checked in {} ms",
                    check.events(),
                    ms);
              }
            }),
        CHAIN_CHECK_EVERY.toSeconds(),
        CHAIN_CHECK_EVERY.toSeconds(),
        TimeUnit.SECONDS);
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

    return new Maintenance(reloads, background);
  }

  /** Stops every task, waiting up to 10 s for those under way. */
  @Override
  public void close() {
    reloads.shutdownNow();
    background.shutdownNow();
    try {
      if (!reloads.awaitTermination(10, TimeUnit.SECONDS)
          || !background.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("a maintenance task was still running after 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
