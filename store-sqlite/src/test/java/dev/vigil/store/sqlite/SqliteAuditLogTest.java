package dev.vigil.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.EventQuery;
import dev.vigil.testkit.AuditLogContract;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SqliteAuditLogTest extends AuditLogContract {
  private SqliteDatabase db;

  @Override
  protected AuditLog newLog() throws Exception {
    db = TempDatabase.open();
    return new SqliteAuditLog(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void count_isAnsweredFromTheCoveringIndex() {
    assertThat(plan(SqliteAuditLog.COUNT_BY_CLIENT_IP, "x", "x", "x", 0L, 0L))
        .singleElement()
        .asString()
        .contains("COVERING INDEX events_by_client_ip")
        .contains("client_ip=? AND type=? AND reason=? AND time>? AND time<?");
  }

  @Test
  void listingByReason_readsTheReasonIndex() {
    EventQuery byReason =
        new EventQuery(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of("TAMPERED"),
            Optional.empty(),
            Optional.empty(),
            50,
            Optional.empty());
    SqliteAuditLog.Statement listing = SqliteAuditLog.statement(byReason);
    assertThat(plan(listing.sql(), listing.args().toArray()))
        .singleElement()
        .asString()
        .contains("USING INDEX events_by_reason (reason=? AND seq<?)");
  }

  /** The steps of SQLite's plan for {@code query} with {@code args}. */
  private List<String> plan(String query, Object... args) {
    return db.read(
        c -> {
          List<String> steps = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + query)) {
            for (int i = 0; i < args.length; i++) {
              ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                steps.add(rs.getString("detail"));
              }
            }
          }
          return steps;
        });
  }
}
