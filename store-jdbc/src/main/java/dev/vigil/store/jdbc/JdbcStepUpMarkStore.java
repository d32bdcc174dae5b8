package dev.vigil.store.jdbc;

import static dev.vigil.store.jdbc.Columns.instant;
import static dev.vigil.store.jdbc.Columns.nanos;

import dev.vigil.id.Subject;
import dev.vigil.session.StepUpMarkStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link StepUpMarkStore} on {@link Database}, shared by every node: one row per subject, replaced
 * by an upsert, so the last mark written on any node wins.
 */
public final class JdbcStepUpMarkStore implements StepUpMarkStore {
  private final Database db;

  /** A store on {@code db}, whose schema is migrated. */
  public JdbcStepUpMarkStore(Database db) {
    this.db = db;
  }

  /** Marks {@code subject} from {@code since} until {@code until}; a later mark replaces it. */
  @Override
  public void mark(Subject subject, Instant since, Instant until) {
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO step_up_marks (subject, since, until) VALUES (?,?,?)"
                      + " ON CONFLICT (subject) DO UPDATE SET since = excluded.since,"
                      + " until = excluded.until")) {
            ps.setString(1, subject.value());
            ps.setLong(2, nanos(since));
            ps.setLong(3, nanos(until));
            return ps.executeUpdate();
          }
        });
  }

  /** Every mark whose {@code until} is after {@code now}. */
  @Override
  public Map<Subject, Mark> unexpired(Instant now) {
    return db.read(
        c -> {
          Map<Subject, Mark> marks = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT subject, since, until FROM step_up_marks WHERE until > ?")) {
            ps.setLong(1, nanos(now));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                marks.put(
                    new Subject(rs.getString(1)),
                    new Mark(instant(rs.getLong(2)), instant(rs.getLong(3))));
              }
            }
          }
          return marks;
        });
  }
}
