package dev.vigil.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * The table {@code subject_sessions}, each subject's count of unrevoked sessions (its cap is
 * enforced on it), where the SQL is the same in SQLite and PostgreSQL.
 */
public final class SubjectCounts {
  private SubjectCounts() {}

  /**
   * Deletes the counts of {@code subjects} that are zero: a count of zero is no count, and the
   * purge of ended sessions forgets those of the subjects whose sessions it deleted.
   */
  public static void forgetZero(Connection c, Collection<String> subjects) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM subject_sessions WHERE subject = ? AND unrevoked = 0")) {
      for (String subject : subjects) {
        ps.setString(1, subject);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
