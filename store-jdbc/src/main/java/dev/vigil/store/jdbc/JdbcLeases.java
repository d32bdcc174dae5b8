package dev.vigil.store.jdbc;

import static dev.vigil.store.jdbc.Columns.nanos;

import dev.vigil.lease.Leases;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;

/**
 * {@link Leases} on {@link Database}: one upsert that takes a free or run-out lease, or renews the
 * holder's own, and says by its returned row whether it did.
 */
public final class JdbcLeases implements Leases {
  private final Database db;

  public JdbcLeases(Database db) {
    this.db = db;
  }

  @Override
  public boolean hold(String name, String holder, Instant now, Instant until) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO leases (name, holder, until) VALUES (?, ?, ?)"
                      + " ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,"
                      + " until = excluded.until"
                      + " WHERE leases.holder = excluded.holder OR leases.until <= ?"
                      + " RETURNING holder")) {
            ps.setString(1, name);
            ps.setString(2, holder);
            ps.setLong(3, nanos(until));
            ps.setLong(4, nanos(now));
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  @Override
  public void release(String name, String holder) {
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM leases WHERE name = ? AND holder = ?")) {
            ps.setString(1, name);
            ps.setString(2, holder);
            return ps.executeUpdate();
          }
        });
  }
}
