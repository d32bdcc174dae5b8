package dev.vigil.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
  private static void forgetZero(Connection c, Collection<String> subjects) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM subject_sessions WHERE subject = ? AND unrevoked = 0")) {
      for (String subject : subjects) {
        ps.setString(1, subject);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * The sessions one batch of a purge deleted, as their subjects: how many, each subject, and how
   * many of each subject's were unrevoked (an expired session still counts against its subject's
   * cap until purged). Both kept in subject order, so that the counts are updated in one order.
   */
  public static final class Deleted {
    private final Set<String> subjects = new TreeSet<>();
    private final Map<String, Long> unrevoked = new TreeMap<>();
    private int count;

    /** One deleted session of {@code subject}, {@code wasUnrevoked} if it had not been revoked. */
    public void add(String subject, boolean wasUnrevoked) {
      count++;
      subjects.add(subject);
      if (wasUnrevoked) {
        unrevoked.merge(subject, 1L, Long::sum);
      }
    }

    public int count() {
      return count;
    }

    /** Each subject's number of deleted sessions that were unrevoked, to take off its count. */
    public Map<String, Long> unrevoked() {
      return unrevoked;
    }

    /** Forgets the counts of the deleted sessions' subjects that are zero ({@link #forgetZero}). */
    public void forgetZeroCounts(Connection c) throws SQLException {
      forgetZero(c, subjects);
    }
  }
}
