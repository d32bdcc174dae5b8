package dev.vigil.store.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Conversions between column values and domain values: times and durations are nanoseconds. */
final class Columns {
  private Columns() {}

  static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  static long nanos(Duration d) {
    return d.toNanos();
  }

  static Optional<String> text(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getString(column));
  }

  static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(instant(v));
  }

  static Optional<byte[]> bytes(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getBytes(column));
  }

  static void set(PreparedStatement ps, int i, Optional<?> value) throws SQLException {
    if (value.isEmpty()) {
      ps.setNull(i, Types.NULL);
    } else {
      ps.setObject(i, value.get());
    }
  }
}
