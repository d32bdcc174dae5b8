package dev.vigil.server.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A fresh schema in the machines' PostgreSQL test database for one test class, dropped when closed.
 * Without a server the test is skipped with a message, or fails when {@code CI=true}.
 */
final class PostgresSchema implements AutoCloseable {
  static final String URL =
      Optional.ofNullable(System.getenv("VIGIL_TEST_POSTGRES_URL"))
          .orElse("jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER =
      Optional.ofNullable(System.getenv("VIGIL_TEST_POSTGRES_USER")).orElse("postgres");

  final String name = "n_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));

  private PostgresSchema() {}

  static PostgresSchema create() {
    try (Connection c = DriverManager.getConnection(URL, USER, null)) {
      return new PostgresSchema();
    } catch (SQLException e) {
      String why = "no PostgreSQL at " + URL + " (" + e.getMessage() + ")";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(why + ": CI needs it (.ci/run starts it)", e);
      }
      assumeTrue(false, why + ": skipped outside CI");
      throw new AssertionError("unreachable");
    }
  }

  @Override
  public void close() {
    try (Connection c = DriverManager.getConnection(URL, USER, null);
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test schema " + name, e);
    }
  }
}
