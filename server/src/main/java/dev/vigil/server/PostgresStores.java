package dev.vigil.server;

import dev.vigil.server.config.StoreSettings;
import dev.vigil.store.jdbc.JdbcLeases;
import dev.vigil.store.jdbc.JdbcLoginFailures;
import dev.vigil.store.jdbc.JdbcReportStore;
import dev.vigil.store.jdbc.JdbcStepUpMarkStore;
import dev.vigil.store.postgres.PostgresApiKeyStore;
import dev.vigil.store.postgres.PostgresAuditLog;
import dev.vigil.store.postgres.PostgresDatabase;
import dev.vigil.store.postgres.PostgresKeyringStore;
import dev.vigil.store.postgres.PostgresMfaStore;
import dev.vigil.store.postgres.PostgresOutbox;
import dev.vigil.store.postgres.PostgresSessionListener;
import dev.vigil.store.postgres.PostgresSessionStore;
import dev.vigil.store.postgres.PostgresUserStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The shared store: every port on one PostgreSQL database, for many nodes. */
final class PostgresStores {
  private PostgresStores() {}

  private static PostgresDatabase.Settings settings(StoreSettings store, Duration timeout) {
    return new PostgresDatabase.Settings(
        store.postgresUrl(),
        store.postgresUser(),
        store.postgresPassword(),
        store.postgresSchema(),
        timeout);
  }

  /** The database alone, migrated (for {@code vigil migrate}). */
  static PostgresDatabase database(StoreSettings store, Duration timeout) {
    return PostgresDatabase.open(settings(store, timeout));
  }

  /** Connects and migrates the schema. */
  static Stores open(StoreSettings store, Duration timeout) {
    PostgresDatabase.Settings settings = settings(store, timeout);
    PostgresDatabase db = PostgresDatabase.open(settings);
    PostgresAuditLog log = new PostgresAuditLog(db);
    PostgresOutbox outbox = new PostgresOutbox(db);
    return new Stores(
        new PostgresSessionStore(db),
        log,
        log,
        new PostgresUserStore(db),
        new PostgresMfaStore(db),
        new JdbcLoginFailures(db),
        new dev.vigil.store.jdbc.JdbcSignInBlocks(db),
        new JdbcReportStore(db),
        outbox,
        outbox,
        outbox,
        new JdbcStepUpMarkStore(db),
        new PostgresApiKeyStore(db),
        new JdbcLeases(db),
        new dev.vigil.server.limits.SharedRateBuckets(db.dataSource()),
        Optional.of(new PostgresKeyringStore(db)),
        Optional.of(
            listener ->
                PostgresSessionListener.start(
                    settings,
                    new PostgresSessionListener.Listener() {
                      @Override
                      public void changed(List<dev.vigil.id.SessionId> ids, long sentAtMillis) {
                        listener.changed(
                            ids, Math.max(0, System.currentTimeMillis() - sentAtMillis) / 1000.0);
                      }

                      @Override
                      public void everything() {
                        listener.everything();
                      }
                    })),
        () -> {
          log.close();
          db.close();
        });
  }
}
