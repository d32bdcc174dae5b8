package dev.vigil.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.session.StoreUnavailableException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One SQLite database file: migrated with Flyway when opened, one writer connection guarded by a
 * lock, a pool of reader connections. Closing it closes every connection.
 */
public final class SqliteDatabase implements AutoCloseable {
  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final HikariDataSource readers;

  /** A unit of work on a connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private SqliteDatabase(Connection writer, HikariDataSource readers) {
    this.writer = writer;
    this.readers = readers;
  }

  /**
   * Opens (creating if needed) the database at {@code file} and applies pending migrations.
   *
   * @throws StoreUnavailableException if the file cannot be opened or migrated
   */
  public static SqliteDatabase open(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(10_000);
    config.enforceForeignKeys(true);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    try {
      Flyway.configure().dataSource(source).locations("classpath:db/sqlite").load().migrate();
      Connection writer = source.getConnection();
      HikariConfig pool = new HikariConfig();
      pool.setDataSource(source);
      pool.setMaximumPoolSize(4);
      pool.setMinimumIdle(1);
      pool.setPoolName("vigil-sqlite-readers");
      return new SqliteDatabase(writer, new HikariDataSource(pool));
    } catch (SQLException | RuntimeException e) {
      throw new StoreUnavailableException("cannot open SQLite database " + file + ": " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} on the writer connection inside one transaction. */
  public <T> T write(Work<T> work) {
    writeLock.lock();
    try {
      writer.setAutoCommit(false);
      try {
        T result = work.run(writer);
        writer.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        writer.rollback();
        throw e;
      } finally {
        writer.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw unavailable(e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Runs {@code work} on a reader connection. */
  public <T> T read(Work<T> work) {
    try (Connection c = readers.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private static StoreUnavailableException unavailable(SQLException e) {
    return new StoreUnavailableException("SQLite failed: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    readers.close();
    writeLock.lock();
    try {
      writer.close();
    } catch (SQLException e) {
      throw unavailable(e);
    } finally {
      writeLock.unlock();
    }
  }
}
