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
public final class PostgresSchema implements AutoCloseable {
  public static final String URL =
      Optional.ofNullable(System.getenv("VIGIL_TEST_POSTGRES_URL"))
          .orElse("jdbc:postgresql://127.0.0.1:5432/test");
  public static final String USER =
      Optional.ofNullable(System.getenv("VIGIL_TEST_POSTGRES_USER")).orElse("postgres");

  final String name = "n_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));

  private PostgresSchema() {}

  /**
   * The settings of a Vigil node on this schema: store postgres, the test server and user, this
   * schema, the nodes' shared {@code masterKey}, and {@code extra}.
   */
  public java.util.Map<dev.vigil.server.config.ConfigKey, String> node(
      String masterKey, java.util.Map<dev.vigil.server.config.ConfigKey, String> extra) {
    java.util.Map<dev.vigil.server.config.ConfigKey, String> m =
        new java.util.EnumMap<>(dev.vigil.server.config.ConfigKey.class);
    m.put(dev.vigil.server.config.ConfigKey.STORE, "postgres");
    m.put(dev.vigil.server.config.ConfigKey.POSTGRES_URL, URL);
    m.put(dev.vigil.server.config.ConfigKey.POSTGRES_USER, USER);
    m.put(dev.vigil.server.config.ConfigKey.POSTGRES_SCHEMA, name);
    m.put(dev.vigil.server.config.ConfigKey.MASTER_KEY, masterKey);
    m.putAll(extra);
    return m;
  }

  /**
   * The command-line flags that put a {@code vigil} command on this schema with {@code masterKey},
   * after {@code leading} (the command and its own flags).
   */
  public String[] command(String masterKey, String... leading) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(leading));
    args.addAll(
        java.util.List.of(
            "--store",
            "postgres",
            "--postgres-url",
            URL,
            "--postgres-user",
            USER,
            "--postgres-schema",
            name,
            "--master-key",
            masterKey));
    return args.toArray(String[]::new);
  }

  /** The schema's name. */
  public String name() {
    return name;
  }

  /**
   * A schema, or null when there is no server outside CI (a class that also runs without PostgreSQL
   * then leaves it out, after saying so); with {@code CI=true} a missing server fails.
   */
  public static PostgresSchema createOrSkip() {
    try (Connection c = DriverManager.getConnection(URL, USER, null)) {
      return new PostgresSchema();
    } catch (SQLException e) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("no PostgreSQL at " + URL + ": CI needs it", e);
      }
      System.err.println("no PostgreSQL at " + URL + ": its part is left out outside CI");
      return null;
    }
  }

  /** A schema, or the test is skipped (outside CI) when there is no server. */
  public static PostgresSchema create() {
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
