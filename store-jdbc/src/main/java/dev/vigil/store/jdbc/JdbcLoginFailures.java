package dev.vigil.store.jdbc;

import static dev.vigil.store.jdbc.Columns.instant;
import static dev.vigil.store.jdbc.Columns.nanos;

import dev.vigil.account.LoginFailures;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link LoginFailures} on {@link Database}, shared by every node: one row per username key with
 * failures. The compare-and-set is one statement checked by its row count: the first failure an
 * {@code INSERT ... ON CONFLICT DO NOTHING} that the primary key refuses to all but one caller,
 * later ones an {@code UPDATE} conditional on the count and time read, which the database re-checks
 * on the row as it stands once a concurrent writer commits. So however many nodes count at once, no
 * more attempts are admitted than one after another would be.
 */
public final class JdbcLoginFailures implements LoginFailures {
  private final Database db;
  private final int batch;

  public JdbcLoginFailures(Database db) {
    this(db, BatchedDelete.BATCH);
  }

  /** Counts whose {@link #purgeUnknown} forgets at most {@code batch} names a write (tests). */
  public JdbcLoginFailures(Database db, int batch) {
    this.db = db;
    this.batch = batch;
  }

  @Override
  public Count find(String key) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT failures, last_failure_at FROM login_failures WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? new Count(rs.getInt(1), Optional.of(instant(rs.getLong(2))))
                  : Count.NONE;
            }
          }
        });
  }

  @Override
  public boolean compareAndCount(String key, Count expected, Instant at) {
    return db.write(
        c -> {
          if (expected.failures() == 0) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO login_failures (key, failures, last_failure_at) VALUES (?, 1, ?)"
                        + " ON CONFLICT (key) DO NOTHING")) {
              ps.setString(1, key);
              ps.setLong(2, nanos(at));
              return ps.executeUpdate() == 1;
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE login_failures SET failures = failures + 1, last_failure_at = ?"
                      + " WHERE key = ? AND failures = ? AND last_failure_at = ?")) {
            ps.setLong(1, nanos(at));
            ps.setString(2, key);
            ps.setInt(3, expected.failures());
            ps.setLong(4, nanos(expected.lastFailureAt().orElseThrow()));
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public void clear(String key) {
    db.write(c -> delete(c, key));
  }

  /**
   * {@inheritDoc}
   *
   * <p>When {@code log} is kept in this database ({@link TransactionalLog}), one write: the delete
   * and the event share a transaction.
   */
  @Override
  public void clear(String key, dev.vigil.audit.AuditLog log, dev.vigil.audit.Event event) {
    if (!(log instanceof TransactionalLog journal) || !journal.keptIn(db)) {
      LoginFailures.super.clear(key, log, event);
      return;
    }
    TransactionalLog.Staged staged = journal.stage(java.util.List.of(event));
    db.write(
        c -> {
          delete(c, key);
          journal.appendIn(c, staged);
          return null;
        });
  }

  private static int delete(java.sql.Connection c, String key) throws java.sql.SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_failures WHERE key = ?")) {
      ps.setString(1, key);
      return ps.executeUpdate();
    }
  }

  /** {@inheritDoc} In writes of at most 2,000 names each (the batch given otherwise). */
  @Override
  public int purgeUnknown(Instant cutoff, int hardStop) {
    return new BatchedDelete(
            "login_failures",
            "key",
            "last_failure_at < ? AND failures < ? AND NOT EXISTS"
                + " (SELECT 1 FROM users WHERE users.username_key = login_failures.key)",
            (ps, first) -> {
              ps.setLong(first, nanos(cutoff));
              ps.setInt(first + 1, hardStop);
              return first + 2;
            },
            batch)
        .run(db);
  }
}
