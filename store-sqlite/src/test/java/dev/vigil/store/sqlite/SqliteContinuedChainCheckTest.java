package dev.vigil.store.sqlite;

import dev.vigil.audit.AuditLog;
import dev.vigil.testkit.ContinuedChainCheckContract;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.AfterEach;

class SqliteContinuedChainCheckTest extends ContinuedChainCheckContract {
  private SqliteDatabase db;
  private SqliteAuditLog log;

  @Override
  protected void openLog() throws Exception {
    db = TempDatabase.open();
    log = new SqliteAuditLog(db);
  }

  @Override
  protected AuditLog log() {
    return log;
  }

  @Override
  protected void sql(String statement, String... params) {
    db.write(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
              ps.setString(i + 1, params[i]);
            }
            return ps.executeUpdate();
          }
        });
  }

  @AfterEach
  void close() {
    db.close();
  }
}
