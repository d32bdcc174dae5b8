package dev.vigil.store.jdbc;

import static dev.vigil.store.jdbc.Columns.instant;
import static dev.vigil.store.jdbc.Columns.nanos;

import dev.vigil.account.SignInBlocks;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link SignInBlocks} on {@link Database}: one row per address, written by an upsert that moves
 * the end only later, so two blocks written at once keep the later end.
 */
public final class JdbcSignInBlocks implements SignInBlocks {
  private final Database db;
  private final int batch;

  public JdbcSignInBlocks(Database db) {
    this(db, BatchedDelete.BATCH);
  }

  /** Blocks whose {@link #forgetEnded} forgets at most {@code batch} addresses a write (tests). */
  public JdbcSignInBlocks(Database db, int batch) {
    this.db = db;
    this.batch = batch;
  }

  @Override
  public void block(String address, Instant until) {
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO sign_in_blocks (address, until) VALUES (?, ?)"
                      + " ON CONFLICT (address) DO UPDATE SET until = excluded.until"
                      + " WHERE sign_in_blocks.until < excluded.until")) {
            ps.setString(1, address);
            ps.setLong(2, nanos(until));
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public Optional<Instant> blockedUntil(String address, Instant now) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT until FROM sign_in_blocks WHERE address = ? AND until > ?")) {
            ps.setString(1, address);
            ps.setLong(2, nanos(now));
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(instant(rs.getLong(1))) : Optional.empty();
            }
          }
        });
  }

  /** {@inheritDoc} In writes of at most 2,000 addresses each (the batch given otherwise). */
  @Override
  public int forgetEnded(Instant now) {
    return new BatchedDelete(
            "sign_in_blocks",
            "address",
            "until <= ?",
            (ps, first) -> {
              ps.setLong(first, nanos(now));
              return first + 1;
            },
            batch)
        .run(db);
  }
}
