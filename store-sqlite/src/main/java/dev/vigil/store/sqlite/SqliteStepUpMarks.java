package dev.vigil.store.sqlite;

import static dev.vigil.store.sqlite.Columns.instant;
import static dev.vigil.store.sqlite.Columns.nanos;

import dev.vigil.session.StepUpMarks;
import dev.vigil.session.Subject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link StepUpMarks} on {@link SqliteDatabase}, answered from a snapshot in memory: a mark made
 * through this object counts at once, one made by another process after the next {@link #reload()}.
 * Marks are rare, so the snapshot is the whole table of unexpired marks.
 */
public final class SqliteStepUpMarks implements StepUpMarks {
  private final SqliteDatabase db;
  private final Clock clock;
  private volatile Map<String, Instant[]> snapshot = Map.of();

  public SqliteStepUpMarks(SqliteDatabase db, Clock clock) {
    this.db = db;
    this.clock = clock;
    reload();
  }

  @Override
  public Optional<Instant> since(Subject subject) {
    Instant[] mark = snapshot.get(subject.value());
    if (mark == null || !mark[1].isAfter(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(mark[0]);
  }

  /** Marks {@code subject} from {@code since} until {@code until} (a later mark replaces it). */
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
    reload();
  }

  /** Re-reads the unexpired marks. */
  public void reload() {
    snapshot =
        db.read(
            c -> {
              Map<String, Instant[]> marks = new HashMap<>();
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT subject, since, until FROM step_up_marks WHERE until > ?")) {
                ps.setLong(1, nanos(clock.instant()));
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    marks.put(
                        rs.getString(1),
                        new Instant[] {instant(rs.getLong(2)), instant(rs.getLong(3))});
                  }
                }
              }
              return Map.copyOf(marks);
            });
  }
}
