package dev.vigil.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.StatsDimension;
import dev.vigil.testkit.AuditLogContract;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The PostgreSQL audit log passes the audit log contract, and its statistics and counting queries
 * can be answered from their partial covering indexes without reading the table.
 */
class PostgresAuditLogTest extends AuditLogContract {
  private TestDatabase db;
  private PostgresAuditLog postgres;

  @Override
  protected AuditLog newLog() {
    db = TestDatabase.open();
    postgres = new PostgresAuditLog(db.db);
    return postgres;
  }

  @AfterEach
  void close() {
    if (postgres != null) {
      postgres.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void count_canBeAnsweredFromTheCoveringIndex() {
    assertThat(plan(PostgresAuditLog.COUNT_BY_CLIENT_IP, "x", "x", "x", 0L, 0L))
        .contains("Index Only Scan using events_by_client_ip");
  }

  @ParameterizedTest
  @EnumSource(StatsDimension.class)
  void statsQuery_canBeAnsweredFromTheCoveringIndexOfRefusals(StatsDimension by) {
    assertThat(plan(PostgresAuditLog.statsQuery(by), 1L, 1, 1L, 1L, 1L))
        .contains("Index Only Scan using events_refused");
  }

  /**
   * The plan of {@code query} with sequential scans switched off: an index the planner then picks
   * is one that can answer the query (its predicate is implied, it holds every column read).
   */
  private String plan(String query, Object... args) {
    return db.db.write(
        c -> {
          try (PreparedStatement off = c.prepareStatement("SET LOCAL enable_seqscan = off")) {
            off.execute();
          }
          try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + query)) {
            for (int i = 0; i < args.length; i++) {
              ps.setObject(i + 1, args[i]);
            }
            StringBuilder b = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                b.append(rs.getString(1)).append('\n');
              }
            }
            return b.toString();
          }
        });
  }
}
