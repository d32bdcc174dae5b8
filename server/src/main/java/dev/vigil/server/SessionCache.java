package dev.vigil.server;

import dev.vigil.id.SessionId;
import dev.vigil.server.config.StoreSettings;
import dev.vigil.server.config.VigilConfig;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;

/**
 * This node's cache in front of the session store. On SQLite (one node) it trusts a cached session
 * for {@code cache_ttl}. On PostgreSQL (many nodes) it drops every session another node announces
 * as changed, and trusts nothing older than {@code revocation_bound} even when an announcement is
 * lost; {@code vigil_revocation_lag_seconds} measures how long announcements take to arrive.
 *
 * @param store the cache, to build the session service on
 * @param listening the announcements being heard, to close at shutdown
 */
record SessionCache(CachedSessionStore store, Optional<AutoCloseable> listening) {

  /** Builds the cache for the configured store and starts hearing other nodes' changes. */
  static SessionCache start(DataDirectory data, VigilConfig config, MeterRegistry registry) {
    if (config.store().kind() == StoreSettings.Kind.SQLITE || data.sessionChanges().isEmpty()) {
      return new SessionCache(
          new CachedSessionStore(data.sessions(), config.cacheSize(), config.cacheTtl()),
          Optional.empty());
    }
    CachedSessionStore store =
        CachedSessionStore.bounded(
            data.sessions(), config.cacheSize(), config.store().revocationBound());
    DistributionSummary lag =
        DistributionSummary.builder("vigil.revocation.lag.seconds")
            .description(
                "From a change of a session on any node (revocation, rotation, role change) to"
                    + " this node dropping its cached copy, by the sending node's clock")
            .baseUnit("seconds")
            .publishPercentiles(0.5, 0.99)
            .serviceLevelObjectives(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5)
            .register(registry);
    AutoCloseable listening =
        data.sessionChanges()
            .get()
            .listen(
                new Stores.SessionChangeListener() {
                  @Override
                  public void changed(List<SessionId> ids, double lagSeconds) {
                    store.invalidate(ids);
                    lag.record(lagSeconds);
                  }

                  @Override
                  public void everything() {
                    store.invalidateAll();
                  }
                });
    return new SessionCache(store, Optional.of(listening));
  }
}
