package dev.vigil.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.AuditLog;
import dev.vigil.testkit.AuditLogContract;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
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
    List<String> plan =
        db.read(
            c -> {
              List<String> steps = new ArrayList<>();
              try (PreparedStatement ps =
                  c.prepareStatement("EXPLAIN QUERY PLAN " + SqliteAuditLog.COUNT_BY_CLIENT_IP)) {
                for (int i = 1; i <= 5; i++) {
                  ps.setObject(i, i < 4 ? "x" : 0L);
                }
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    steps.add(rs.getString("detail"));
                  }
                }
              }
              return steps;
            });
    assertThat(plan)
        .singleElement()
        .asString()
        .contains("COVERING INDEX events_by_client_ip")
        .contains("client_ip=? AND type=? AND reason=? AND time>? AND time<?");
  }
}
