package dev.vigil.store.postgres;

import dev.vigil.audit.AuditLog;
import dev.vigil.testkit.ContinuedChainCheckContract;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.AfterEach;

class PostgresContinuedChainCheckTest extends ContinuedChainCheckContract {
  private TestDatabase db;
  private PostgresAuditLog log;

  @Override
  protected void openLog() {
    db = TestDatabase.open();
    log = new PostgresAuditLog(db.db);
  }

  @Override
  protected AuditLog log() {
    return log;
  }

  @Override
  protected void sql(String statement, String... params) {
    db.db.write(
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
    if (log != null) {
      log.close();
    }
    if (db != null) {
      db.close();
    }
  }
}
