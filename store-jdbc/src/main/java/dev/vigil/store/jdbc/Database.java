package dev.vigil.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A SQL database a store runs its work on: SQLite or PostgreSQL. The stores whose SQL is the same
 * in both dialects are written once against this.
 */
public interface Database {
  /** A unit of work on a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction, atomically, and returns once it is committed. A {@link
   * RuntimeException} from {@code work} undoes it and is rethrown.
   *
   * @throws dev.vigil.session.StoreUnavailableException when the database cannot be reached or the
   *     work fails in it
   */
  <T> T write(Work<T> work);

  /**
   * Runs {@code work} on a connection that sees the latest committed state.
   *
   * @throws dev.vigil.session.StoreUnavailableException when the database cannot be reached
   */
  <T> T read(Work<T> work);
}
