package dev.vigil.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.session.StoreUnavailableException;
import dev.vigil.store.jdbc.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * One PostgreSQL database shared by every Vigil node: a pool of connections (HikariCP), the schema
 * migrated with Flyway when opened, and units of work run as transactions.
 *
 * <p>No call waits on a busy or unreachable database longer than about the store timeout: the
 * pool's wait for a connection, each statement ({@code statement_timeout}) and each lock wait
 * ({@code lock_timeout}) are bounded by it, and the caller then gets {@link
 * StoreUnavailableException}. A transaction that loses a serialization race or a deadlock is run
 * again, up to {@value #ATTEMPTS} times.
 */
public final class PostgresDatabase implements Database, AutoCloseable {
  private static final int ATTEMPTS = 3;

  /** The store timeout when none is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private final HikariDataSource pool;
  private final Duration timeout;

  /**
   * Where the database is and how to sign in to it.
   *
   * @param url a JDBC URL, {@code jdbc:postgresql://host:port/database}
   * @param schema the schema Vigil's tables live in (created if missing)
   */
  public record Settings(
      String url, String user, Optional<String> password, String schema, Duration timeout) {
    @Override
    public String toString() {
      return "Settings[" + url + ", user " + user + ", schema " + schema + "]";
    }
  }

  private PostgresDatabase(HikariDataSource pool, Duration timeout) {
    this.pool = pool;
    this.timeout = timeout;
  }

  /** The store timeout: about the longest one statement, lock or connection wait may take. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Connects and applies pending migrations.
   *
   * @throws StoreUnavailableException if the database cannot be reached or migrated
   */
  public static PostgresDatabase open(Settings s) {
    long ms = Math.max(100, s.timeout().toMillis());
    // configured in place, not through a HikariConfig, whose copy into the data source reads
    // every field by reflection (40-50 ms of a start); the pool starts at the first connection
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(s.url());
    pool.setUsername(s.user());
    s.password().ifPresent(pool::setPassword);
    pool.setSchema(s.schema());
    pool.setPoolName("vigil-postgres");
    pool.setMaximumPoolSize(10);
    pool.setMinimumIdle(1);
    pool.setConnectionTimeout(Math.max(250, ms));
    pool.setValidationTimeout(Math.max(250, Math.min(ms, 5_000)));
    pool.setInitializationFailTimeout(-1);
    pool.addDataSourceProperty("options", "-c statement_timeout=" + ms + " -c lock_timeout=" + ms);
    pool.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, ms / 1000)));
    pool.addDataSourceProperty("socketTimeout", Long.toString(Math.max(5, 2 * ms / 1000 + 5)));
    pool.addDataSourceProperty("tcpKeepAlive", "true");
    pool.addDataSourceProperty("ApplicationName", "vigil");
    try {
      Flyway.configure()
          .dataSource(pool)
          .schemas(s.schema())
          .createSchemas(true)
          .locations("classpath:db/postgres")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw new StoreUnavailableException(
          "cannot open PostgreSQL database " + s.url() + ": " + e.getMessage(), e);
    }
    return new PostgresDatabase(pool, Duration.ofMillis(ms));
  }

  /**
   * Runs {@code work} in one transaction and commits it. A {@link RuntimeException} from {@code
   * work} rolls it back and is rethrown.
   *
   * @throws StoreUnavailableException when the database cannot be reached or the work fails in it
   */
  @Override
  public <T> T write(Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(c);
          throw e;
        }
      } catch (SQLException e) {
        if (retryable(e) && attempt < ATTEMPTS) {
          continue;
        }
        throw unavailable(e);
      }
    }
  }

  /**
   * Runs {@code work} on a connection in autocommit mode (each statement sees the latest committed
   * state).
   */
  @Override
  public <T> T read(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /** The pool, for libraries that keep their own tables in the same database (Bucket4j). */
  public javax.sql.DataSource dataSource() {
    return pool;
  }

  /** Whether the database answers. */
  public boolean ping() {
    try (Connection c = pool.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /** A serialization failure or a deadlock: the same transaction may succeed when run again. */
  private static boolean retryable(SQLException e) {
    String state = e.getSQLState();
    return "40001".equals(state) || "40P01".equals(state);
  }

  private static StoreUnavailableException unavailable(SQLException e) {
    return new StoreUnavailableException("PostgreSQL: " + e.getMessage(), e);
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the pool drops it
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
