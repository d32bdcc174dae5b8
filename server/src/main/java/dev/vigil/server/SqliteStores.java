package dev.vigil.server;

import dev.vigil.store.jdbc.JdbcLeases;
import dev.vigil.store.jdbc.JdbcLoginFailures;
import dev.vigil.store.jdbc.JdbcReportStore;
import dev.vigil.store.jdbc.JdbcStepUpMarkStore;
import dev.vigil.store.sqlite.SqliteApiKeyStore;
import dev.vigil.store.sqlite.SqliteAuditLog;
import dev.vigil.store.sqlite.SqliteDatabase;
import dev.vigil.store.sqlite.SqliteMfaStore;
import dev.vigil.store.sqlite.SqliteOutbox;
import dev.vigil.store.sqlite.SqliteSessionStore;
import dev.vigil.store.sqlite.SqliteUserStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The embedded store: every port on one SQLite file, for one node. */
final class SqliteStores {
  private SqliteStores() {}

  /** Opens (creating and migrating) the database file. */
  static Stores open(Path file, Duration timeout) {
    SqliteDatabase db = SqliteDatabase.open(file, timeout);
    SqliteAuditLog log = new SqliteAuditLog(db);
    SqliteOutbox outbox = new SqliteOutbox(db);
    return new Stores(
        new SqliteSessionStore(db),
        log,
        log,
        new SqliteUserStore(db),
        new SqliteMfaStore(db),
        new JdbcLoginFailures(db),
        new dev.vigil.store.jdbc.JdbcSignInBlocks(db),
        new JdbcReportStore(db),
        outbox,
        outbox,
        outbox,
        new JdbcStepUpMarkStore(db),
        new SqliteApiKeyStore(db),
        new JdbcLeases(db),
        new dev.vigil.server.limits.LocalRateBuckets(),
        Optional.empty(),
        Optional.empty(),
        () -> {
          log.close();
          db.close();
        });
  }
}
