package dev.vigil.server;

import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.VigilConfig;
import dev.vigil.store.postgres.PostgresDatabase;
import dev.vigil.store.sqlite.SqliteDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code vigil migrate}: copies a SQLite data directory into an empty PostgreSQL schema, row for
 * row in one transaction (all or nothing), and moves its keyring into the database sealed with the
 * master key, so every session, account, key and event carries over: tokens issued before the move
 * stay valid, and the event log's hash chain still verifies. Short-lived state (sign-in challenges,
 * leases) is left behind.
 */
public final class StoreMigration {
  /** The tables copied, parents before children; identity columns keep their values. */
  private static final Map<String, String> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put("users", "");
    TABLES.put("totp_enrolments", "");
    TABLES.put("recovery_codes", "");
    TABLES.put("password_resets", "");
    TABLES.put("login_failures", "");
    TABLES.put("api_keys", "");
    TABLES.put("sessions", "");
    TABLES.put("subject_sessions", "");
    TABLES.put("events", "seq");
    TABLES.put("audit_anchor", "");
    TABLES.put("reports", "seq");
    TABLES.put("webhooks", "");
    TABLES.put("outbox", "seq");
    TABLES.put("cursors", "");
    TABLES.put("known_devices", "");
    TABLES.put("used_links", "");
    TABLES.put("step_up_marks", "");
    TABLES.put("sign_in_blocks", "");
  }

  private static final int BATCH = 5_000;

  private StoreMigration() {}

  /** Rows copied per table. */
  public record Copied(Map<String, Long> rows) {}

  /**
   * Copies the SQLite database of {@code from}'s data directory into the PostgreSQL store of {@code
   * to} (whose schema must be empty of Vigil's data), then opens the PostgreSQL store once, which
   * seals the data directory's keyring into it.
   *
   * @throws ConfigException when there is nothing to copy or the target already has data
   */
  public static Copied run(VigilConfig from, VigilConfig to, Clock clock) {
    Path file = from.data().resolve(DataDirectory.DATABASE);
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("no SQLite database at " + file + " to migrate");
    }
    Map<String, Long> copied = new LinkedHashMap<>();
    try (SqliteDatabase source = SqliteDatabase.open(file, from.storeTimeout());
        PostgresDatabase target = PostgresStores.database(to.store(), to.storeTimeout())) {
      target.write(
          pg -> {
            for (String table : List.of("sessions", "events", "users", "api_keys")) {
              try (Statement st = pg.createStatement();
                  ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
                rs.next();
                if (rs.getBoolean(1)) {
                  throw new ConfigException(
                      "the PostgreSQL schema "
                          + to.store().postgresSchema()
                          + " already holds "
                          + table
                          + ": migrate only into an empty one");
                }
              }
            }
            for (Map.Entry<String, String> t : TABLES.entrySet()) {
              copied.put(t.getKey(), source.read(lite -> copy(lite, pg, t.getKey(), t.getValue())));
            }
            return null;
          });
    }
    // opening the PostgreSQL store seals this data directory's keyring into it
    DataDirectory.open(to, clock).close();
    return new Copied(Collections.unmodifiableMap(copied));
  }

  private static long copy(Connection lite, Connection pg, String table, String identity)
      throws SQLException {
    long n = 0;
    try (Statement st = lite.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
      ResultSetMetaData meta = rs.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnName(i));
      }
      String sql =
          "INSERT INTO "
              + table
              + " ("
              + String.join(", ", columns)
              + ")"
              + (identity.isEmpty() ? "" : " OVERRIDING SYSTEM VALUE")
              + " VALUES ("
              + String.join(", ", Collections.nCopies(columns.size(), "?"))
              + ")";
      try (PreparedStatement ins = pg.prepareStatement(sql)) {
        while (rs.next()) {
          for (int i = 1; i <= columns.size(); i++) {
            ins.setObject(i, rs.getObject(i));
          }
          ins.addBatch();
          if (++n % BATCH == 0) {
            ins.executeBatch();
          }
        }
        ins.executeBatch();
      }
    }
    if (!identity.isEmpty()) {
      // the highest position ever handed out: SQLite's AUTOINCREMENT keeps it even when the newest
      // rows were deleted, and the event log's chain check relies on it to see such a deletion
      long highest = 0;
      try (PreparedStatement ps =
          lite.prepareStatement(
              "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0),"
                  + " COALESCE((SELECT MAX("
                  + identity
                  + ") FROM "
                  + table
                  + "), 0))")) {
        ps.setString(1, table);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          highest = rs.getLong(1);
        }
      }
      if (highest > 0) {
        try (PreparedStatement ps =
            pg.prepareStatement("SELECT setval(pg_get_serial_sequence(?, ?), ?, true)")) {
          ps.setString(1, table);
          ps.setString(2, identity);
          ps.setLong(3, highest);
          ps.execute();
        }
      }
    }
    return n;
  }
}
