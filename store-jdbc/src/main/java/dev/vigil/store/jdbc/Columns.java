package dev.vigil.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Conversions between column values and domain values: times and durations are nanoseconds. */
public final class Columns {
  private Columns() {}

  public static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  public static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  public static long nanos(Duration d) {
    return d.toNanos();
  }

  public static Optional<String> text(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getString(column));
  }

  public static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(instant(v));
  }

  public static Optional<byte[]> bytes(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getBytes(column));
  }

  /** {@link #text(ResultSet, String)} by position (from 1): no lookup of the column's name. */
  public static Optional<String> text(ResultSet rs, int column) throws SQLException {
    return Optional.ofNullable(rs.getString(column));
  }

  /** {@link #bytes(ResultSet, String)} by position (from 1). */
  public static Optional<byte[]> bytes(ResultSet rs, int column) throws SQLException {
    return Optional.ofNullable(rs.getBytes(column));
  }

  public static void set(PreparedStatement ps, int i, Optional<?> value) throws SQLException {
    if (value.isEmpty()) {
      ps.setNull(i, Types.NULL);
    } else {
      ps.setObject(i, value.get());
    }
  }
}
