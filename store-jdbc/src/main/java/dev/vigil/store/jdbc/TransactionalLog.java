package dev.vigil.store.jdbc;

import dev.vigil.audit.Event;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * An audit log kept in a {@link Database} whose events a write of that same database can append
 * inside its own transaction: the change and its events are stored together or not at all, with one
 * commit instead of two. A store written against {@link Database} that is handed such a log for its
 * own database appends this way; given any other log, it writes first and appends after.
 */
public interface TransactionalLog {
  /** Whether this log is kept in {@code db}, so that a write there can append to it. */
  boolean keptIn(Database db);

  /**
   * Events made ready to append ({@link #stage}): what can be worked out before the write (each
   * event's stored form and the text its chain link hashes) is, so the writer only links and
   * stores.
   */
  interface Staged {}

  /**
   * Stages {@code events} for {@link #appendIn(Connection, Staged)}, on the calling thread: a store
   * calls it before its write, so the work is not done while the writer is held.
   */
  Staged stage(List<Event> events);

  /**
   * Appends staged events, in order, at the end of the chain, inside a write of this log's database
   * that is under way on {@code c}.
   *
   * @throws SQLException when one cannot be stored; the caller's write fails and is undone whole
   * @throws IllegalArgumentException if {@code events} were not staged by this log
   */
  void appendIn(Connection c, Staged events) throws SQLException;

  /**
   * Appends {@code events}, in order, at the end of the chain, inside a write of this log's
   * database that is under way on {@code c}; for events only known inside the write (staging them
   * there).
   *
   * @throws SQLException when one cannot be stored; the caller's write fails and is undone whole
   */
  default void appendIn(Connection c, List<Event> events) throws SQLException {
    appendIn(c, stage(events));
  }

  /**
   * Makes {@code change} in {@code db} and, when it took effect ({@code change} answered true),
   * appends {@code event} in the same transaction: a refused write stores neither. Only when {@code
   * log} is a {@link TransactionalLog} kept in {@code db}; the event is staged before the write.
   *
   * @return whether the change took effect; empty when {@code log} is kept elsewhere, so the caller
   *     makes its two writes
   */
  static java.util.Optional<Boolean> changeWithEvent(
      Database db, dev.vigil.audit.AuditLog log, Event event, Database.Work<Boolean> change) {
    if (!(log instanceof TransactionalLog journal) || !journal.keptIn(db)) {
      return java.util.Optional.empty();
    }
    Staged staged = journal.stage(List.of(event));
    return java.util.Optional.of(
        db.write(
            c -> {
              if (!change.run(c)) {
                return false;
              }
              journal.appendIn(c, staged);
              return true;
            }));
  }
}
