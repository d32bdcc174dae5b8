package dev.vigil.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The housekeeping deletes of a table keyed by one text column (counts of guessed names, ended
 * sign-in blocks): the rows that match a condition, deleted in writes of at most {@link #BATCH}
 * rows each, in key order. On SQLite every write of a node goes through one committer, so a delete
 * of every matching row in one write held all the node's other writes until it ended (on PostgreSQL
 * it held the rows' locks as long); a flood of guessed names or blocked addresses can leave
 * hundreds of thousands of them for the hourly purge.
 */
final class BatchedDelete {
  /** Rows one write deletes at most. */
  static final int BATCH = 2_000;

  /** Binds a condition's parameters from {@code first} on; returns the next parameter's index. */
  @FunctionalInterface
  interface Binder {
    int bind(PreparedStatement ps, int first) throws SQLException;
  }

  private final String select;
  private final String delete;
  private final Binder binder;
  private final int batch;

  /**
   * The rows of {@code table} whose {@code condition} (SQL, with parameters bound by {@code
   * binder}) holds; {@code key} is the table's primary key, a text column.
   */
  BatchedDelete(String table, String key, String condition, Binder binder, int batch) {
    this.select =
        "SELECT "
            + key
            + " FROM "
            + table
            + " WHERE "
            + key
            + " > ? AND ("
            + condition
            + ")"
            + " ORDER BY "
            + key
            + " LIMIT ?";
    this.delete = "DELETE FROM " + table + " WHERE " + key + " = ? AND (" + condition + ")";
    this.binder = binder;
    this.batch = batch;
  }

  /**
   * Deletes every matching row, {@code batch} a write; a row that stops matching between the writes
   * stays.
   *
   * @return how many were deleted
   */
  int run(Database db) {
    int total = 0;
    String after = "";
    while (true) {
      String from = after;
      Page page = db.write(c -> page(c, from));
      total += page.deleted();
      if (page.keys().size() < batch) {
        return total;
      }
      after = page.keys().getLast();
    }
  }

  private record Page(List<String> keys, int deleted) {}

  private Page page(Connection c, String after) throws SQLException {
    List<String> keys = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(select)) {
      ps.setString(1, after);
      ps.setInt(binder.bind(ps, 2), batch);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(rs.getString(1));
        }
      }
    }
    int deleted = 0;
    if (!keys.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement(delete)) {
        for (String key : keys) {
          ps.setString(1, key);
          binder.bind(ps, 2);
          ps.addBatch();
        }
        for (int n : ps.executeBatch()) {
          deleted += n == java.sql.Statement.SUCCESS_NO_INFO ? 1 : Math.max(n, 0);
        }
      }
    }
    return new Page(keys, deleted);
  }
}
