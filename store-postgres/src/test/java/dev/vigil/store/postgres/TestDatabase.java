package dev.vigil.store.postgres;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A fresh schema in the test database for one test ({@code VIGIL_TEST_POSTGRES_URL}, default the
 * machines' {@code jdbc:postgresql://127.0.0.1:5432/test} as {@code postgres}), dropped when
 * closed. Without a server the test is skipped with a message, or fails when {@code CI=true}.
 */
final class TestDatabase implements AutoCloseable {
  static final String URL =
      Optional.ofNullable(System.getenv("VIGIL_TEST_POSTGRES_URL"))
          .orElse("jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER =
      Optional.ofNullable(System.getenv("VIGIL_TEST_POSTGRES_USER")).orElse("postgres");

  final PostgresDatabase db;
  final String schema;

  private TestDatabase(PostgresDatabase db, String schema) {
    this.db = db;
    this.schema = schema;
  }

  /** A database over a new, empty, migrated schema. */
  static TestDatabase open() {
    requireServer();
    String schema = "t_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    return new TestDatabase(
        PostgresDatabase.open(
            new PostgresDatabase.Settings(
                URL, USER, Optional.empty(), schema, Duration.ofSeconds(5))),
        schema);
  }

  /** Skips (or, on CI, fails) when no PostgreSQL answers at {@link #URL}. */
  static void requireServer() {
    try (Connection c = DriverManager.getConnection(URL, USER, null)) {
      return;
    } catch (SQLException e) {
      String why = "no PostgreSQL at " + URL + " (" + e.getMessage() + ")";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(why + ": CI needs it (.ci/run starts it)", e);
      }
      assumeTrue(false, why + ": skipped outside CI");
    }
  }

  @Override
  public void close() {
    db.close();
    try (Connection c = DriverManager.getConnection(URL, USER, null);
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test schema " + schema, e);
    }
  }
}
