package dev.vigil.store.postgres;

import static dev.vigil.store.jdbc.Columns.nanos;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.ChainAnchor;
import dev.vigil.audit.ChainVerifier;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventChain;
import dev.vigil.audit.EventFeed;
import dev.vigil.audit.EventPage;
import dev.vigil.audit.EventQuery;
import dev.vigil.audit.EventType;
import dev.vigil.audit.InvalidStats;
import dev.vigil.audit.InvalidStatsTally;
import dev.vigil.audit.StatsDimension;
import dev.vigil.client.IpAddress;
import dev.vigil.id.EventId;
import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import dev.vigil.store.jdbc.Columns;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@link AuditLog} and {@link EventFeed} on {@link PostgresDatabase}, one log shared by every node;
 * the same rows, hash chain, JSON {@code detail} and anchor as the SQLite log.
 *
 * <p>Every append (and every pruning, which appends its {@code audit.pruned} event) first takes a
 * transaction-scoped advisory lock ({@code pg_advisory_xact_lock} on {@link
 * EventTable#APPEND_LOCK}), then reads the previous link and position, then inserts: appends from
 * many nodes at once still form one chain. Because of that lock, positions are also handed out in
 * commit order: an event that commits later never has a smaller {@code seq} than one a reader has
 * already seen, so a feed reader that follows {@code seq} never skips one. Positions count from 1,
 * are assigned under the lock rather than by {@code nextval}, and a failed or rolled-back append
 * uses none up (see {@link EventTable}), so every gap is a deletion. Pages of {@link #query} are
 * cut on the position, so paging never skips or repeats an event even when many share a timestamp;
 * cursors are that number as text.
 *
 * <p>Times are stored as nanoseconds since the epoch. Every method may throw {@link
 * dev.vigil.session.StoreUnavailableException}. Thread-safe; {@link #close} stops the background
 * writer of {@link #appendSoon} but leaves the database open.
 */
public final class PostgresAuditLog implements AuditLog, EventFeed, AutoCloseable {
  /** How long an event from {@link #appendSoon} may wait before it is written. */
  public static final Duration BATCH_WINDOW = Duration.ofMillis(50);

  /** The query of {@link #count}; package-private so a test can check its plan. */
  static final String COUNT_BY_CLIENT_IP =
      "SELECT COUNT(*) FROM events WHERE client_ip = ? AND type = ? AND reason = ?"
          + " AND time >= ? AND time < ?";

  /** The refused verifications, spelled as in the partial index {@code events_refused}. */
  private static final String REFUSED = "type = '" + EventType.VERIFY_FAILED.wire() + "'";

  /** Rows fetched at a time by the reads that walk the whole log. */
  private static final int FETCH = 1_000;

  private static final String COLUMNS = EventTable.COLUMNS;

  private final PostgresDatabase db;
  private final EventTable table = new EventTable();
  private final EventBatcher soon;
  private final GroupCommit now;
  private final SecureRandom random = new SecureRandom();

  /** A log over {@code db}, which the caller keeps open until after {@link #close}. */
  public PostgresAuditLog(PostgresDatabase db) {
    this.db = db;
    this.soon = new EventBatcher(BATCH_WINDOW, batch -> db.write(c -> table.append(c, batch)));
    this.now =
        new GroupCommit(
            batch -> db.write(c -> table.append(c, batch)), db.timeout().multipliedBy(2));
  }

  /**
   * {@inheritDoc} One transaction (lock, previous link, insert), shared with the appends of other
   * threads that arrive meanwhile ({@link GroupCommit}); durable when it returns.
   */
  @Override
  public void append(Event e) {
    now.append(List.of(e));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Events wait in memory for up to {@link #BATCH_WINDOW}, then a background thread writes all
   * that are waiting in one transaction (one lock, one chain read, one batched insert), so a flood
   * of refusals costs a few commits a second, not one each. Every read of this log writes the
   * waiting events first, or waits for the batch being written, so it sees them. A failure to store
   * them is logged with their number. Events from this method may be stored after events given to
   * {@link #append} later by the same thread.
   */
  @Override
  public void appendSoon(Event e) {
    soon.add(e);
  }

  /**
   * {@inheritDoc} One transaction (one lock, one chain read, one batched insert), shared as {@link
   * #append}'s.
   */
  @Override
  public void appendAll(List<Event> events) {
    List<Event> copy = List.copyOf(events);
    if (!copy.isEmpty()) {
      now.append(copy);
    }
  }

  /**
   * Writes the events still waiting from {@link #appendSoon}, and stops its background thread;
   * events given to it afterwards are written at once.
   */
  @Override
  public void close() {
    soon.close();
    now.close();
  }

  /**
   * Reads run after this log's waiting events are written, so a reader sees its own events. When
   * that write fails (the database's disk is full, say; the batcher logs the events lost) the read
   * answers from what is stored: a read must not fail because a write cannot be made. A database
   * that cannot be read fails the read itself.
   */
  private <T> T read(PostgresDatabase.Work<T> work) {
    try {
      soon.flush();
    } catch (dev.vigil.session.StoreUnavailableException logged) {
      // EventBatcher.drain logged it with the number of events lost
    }
    return db.read(work);
  }

  /**
   * As {@link #read}, in one read-only repeatable-read transaction: every statement sees the same
   * snapshot, and results can be fetched {@link #FETCH} rows at a time.
   */
  private <T> T snapshot(PostgresDatabase.Work<T> work) {
    return read(
        c -> {
          c.setAutoCommit(false);
          try {
            try (PreparedStatement ps =
                c.prepareStatement("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")) {
              ps.execute();
            }
            return work.run(c);
          } finally {
            c.rollback();
            c.setAutoCommit(true);
          }
        });
  }

  /** {@inheritDoc} Counts, anchor and link are read in one snapshot. */
  @Override
  public Checkpoint checkpoint() {
    return snapshot(
        c -> {
          try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM events");
              ResultSet n = count.executeQuery()) {
            n.next();
            long pruned;
            try {
              pruned = EventTable.anchor(c).map(ChainAnchor::pruned).orElse(0L);
            } catch (EventTable.InvalidAnchor edited) {
              pruned = 0; // the chain check reports it
            }
            return new Checkpoint(n.getLong(1), pruned, EventTable.lastLink(c));
          }
        });
  }

  @Override
  public Page after(long seq, int limit, Set<EventType> types) {
    String filter =
        types.isEmpty()
            ? ""
            : " AND type IN (" + String.join(",", Collections.nCopies(types.size(), "?")) + ")";
    return read(
        c -> {
          long upTo;
          try (PreparedStatement last =
              c.prepareStatement(
                  "SELECT MAX(seq) FROM (SELECT seq FROM events WHERE seq > ? ORDER BY seq LIMIT ?)"
                      + " AS head")) {
            last.setLong(1, seq);
            last.setInt(2, limit);
            try (ResultSet rs = last.executeQuery()) {
              rs.next();
              upTo = rs.getLong(1);
              if (rs.wasNull()) {
                return new Page(List.of(), seq, false);
              }
            }
          }
          // events commit in position order, so every one up to upTo is already visible
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM events WHERE seq > ? AND seq <= ?"
                      + filter
                      + " ORDER BY seq")) {
            ps.setLong(1, seq);
            ps.setLong(2, upTo);
            int i = 3;
            for (EventType t : types) {
              ps.setString(i++, t.wire());
            }
            List<Sequenced> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(new Sequenced(rs.getLong("seq"), EventTable.event(rs)));
              }
            }
            return new Page(out, upTo, upTo - seq >= limit);
          }
        });
  }

  @Override
  public long lastSeq() {
    return read(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM events");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  /** {@inheritDoc} Streamed from one snapshot, a thousand rows at a time. */
  @Override
  public void forEachSince(Instant since, Consumer<Event> sink) {
    snapshot(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM events WHERE time >= ? ORDER BY seq")) {
            ps.setFetchSize(FETCH);
            ps.setLong(1, nanos(since));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                sink.accept(EventTable.event(rs));
              }
            }
          }
          return null;
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the anchor and then the whole table in sequence order in one snapshot, so a pruning
   * that commits meanwhile is seen entirely or not at all; rows are fetched a thousand at a time.
   * An anchor row that breaks its invariants (edited with SQL) makes the log broken without naming
   * an event.
   */
  @Override
  public EventChain.Check verifyChain() {
    return verifyChain(new ChainVerifier(Optional.empty()), 1.0);
  }

  /**
   * {@inheritDoc}
   *
   * <p>In one snapshot as {@link #verifyChain()}, from {@link ChainVerifier#from()}. Not paced: the
   * snapshot is held for as long as the check runs, and a long one holds back vacuum on the whole
   * database, so the check reads as fast as it can; a continued check reads only the new events.
   */
  @Override
  public EventChain.Check verifyChain(ChainVerifier verifier, double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("share must be in (0, 1], got " + share);
    }
    return snapshot(
        c -> {
          Optional<ChainAnchor> anchor;
          try {
            anchor = EventTable.anchor(c);
          } catch (EventTable.InvalidAnchor edited) {
            return new EventChain.Check(false, 0, Optional.empty(), Optional.empty());
          }
          verifier.reanchor(anchor);
          verifier.resume();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + ", link FROM events WHERE seq >= ? ORDER BY seq")) {
            ps.setFetchSize(FETCH);
            ps.setLong(1, verifier.from());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                Event e;
                try {
                  e = EventTable.event(rs);
                } catch (SQLException | RuntimeException unreadable) {
                  verifier.unreadable(EventId.parse(String.valueOf(rs.getString("id"))));
                  break;
                }
                if (!verifier.next(rs.getLong("seq"), e, Columns.text(rs, "link"))) {
                  break;
                }
              }
            }
          }
          return verifier.result();
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code GROUP BY} that PostgreSQL can answer with an index-only scan of the partial index
   * {@code events_refused}, which holds every column it reads. The bucket index is computed in SQL
   * with the formula of {@link InvalidStats#bucketOf}; grouping is by the stored value, and {@link
   * InvalidStatsTally} maps values to keys (through {@code refine}).
   */
  @Override
  public InvalidStats invalidStats(
      Instant from, Instant until, int buckets, StatsDimension by, UnaryOperator<String> refine) {
    InvalidStatsTally tally = new InvalidStatsTally(from, until, buckets, by, refine);
    long start = nanos(from);
    long window = Duration.between(from, until).toNanos();
    return read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(statsQuery(by))) {
            ps.setLong(1, start);
            ps.setInt(2, buckets);
            ps.setLong(3, window);
            ps.setLong(4, start);
            ps.setLong(5, nanos(until));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                tally.add(Optional.ofNullable(rs.getString(1)), rs.getInt(2), rs.getLong(3));
              }
            }
          }
          return tally.result();
        });
  }

  /**
   * The statistics query for {@code by}: parameters from, buckets, window (ns), from, until. The
   * type is a literal so that the planner can prove the partial index applies.
   */
  static String statsQuery(StatsDimension by) {
    String column =
        switch (by) {
          case REASON -> "reason";
          case SUBJECT -> "subject";
          case IP -> "client_ip";
          case CLIENT -> "client_ua";
        };
    return "SELECT "
        + column
        + ", ((time - ?) * ?) / ? AS bucket, COUNT(*) FROM events WHERE "
        + REFUSED
        + " AND time >= ? AND time < ? GROUP BY "
        + column
        + ", bucket";
  }

  /**
   * {@inheritDoc}
   *
   * <p>Under the append lock, reads the head of the log in sequence order, deletes the run older
   * than {@code cutoff} with one range delete on the sequence number, upserts the anchor row and
   * appends the {@code audit.pruned} event, all in one transaction; nodes pruning at once take
   * turns.
   */
  @Override
  public int pruneBefore(Instant cutoff, int batch, Instant now) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be positive, was " + batch);
    }
    EventId id = EventId.random(random);
    return db.write(c -> table.prune(c, cutoff, batch, now, id));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the cursor is not one this log handed out
   */
  @Override
  public EventPage query(EventQuery q) {
    long before = q.cursor().map(PostgresAuditLog::cursor).orElse(Long.MAX_VALUE);
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM events WHERE seq < ?");
    List<Object> args = new ArrayList<>(List.of(before));
    q.subject().ifPresent(s -> add(sql, args, " AND subject = ?", s.value()));
    q.sessionId().ifPresent(s -> add(sql, args, " AND session_id = ?", s.value()));
    q.type().ifPresent(t -> add(sql, args, " AND type = ?", t.wire()));
    q.reason().ifPresent(r -> add(sql, args, " AND reason = ?", r));
    q.since().ifPresent(t -> add(sql, args, " AND time >= ?", nanos(t)));
    q.until().ifPresent(t -> add(sql, args, " AND time < ?", nanos(t)));
    sql.append(" ORDER BY seq DESC LIMIT ?");
    args.add(q.limit() + 1);
    return read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
              ps.setObject(i + 1, args.get(i));
            }
            List<Event> events = new ArrayList<>();
            long lastSeq = 0;
            boolean more = false;
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                if (events.size() == q.limit()) {
                  more = true;
                  break;
                }
                events.add(EventTable.event(rs));
                lastSeq = rs.getLong("seq");
              }
            }
            return new EventPage(
                events, more ? Optional.of(Long.toString(lastSeq)) : Optional.empty());
          }
        });
  }

  @Override
  public Optional<Event> findByIncident(IncidentId incident) {
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM events WHERE incident = ?")) {
            ps.setString(1, incident.value());
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(EventTable.event(rs)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<Event> timeline(SessionId session, int limit) {
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM events WHERE session_id = ? ORDER BY seq LIMIT ?")) {
            ps.setString(1, session.value());
            ps.setInt(2, limit);
            List<Event> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(EventTable.event(rs));
              }
            }
            return out;
          }
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Answered with an index-only scan of the partial index {@code events_by_client_ip}.
   */
  @Override
  public long count(EventType type, String reason, IpAddress ip, Instant from, Instant until) {
    return read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(COUNT_BY_CLIENT_IP)) {
            ps.setString(1, ip.text());
            ps.setString(2, type.wire());
            ps.setString(3, reason);
            ps.setLong(4, nanos(from));
            ps.setLong(5, nanos(until));
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  private static long cursor(String text) {
    if (!text.matches("[0-9]{1,18}")) {
      throw new IllegalArgumentException("cursor is not one this log handed out");
    }
    return Long.parseLong(text);
  }

  private static void add(StringBuilder sql, List<Object> args, String clause, Object value) {
    sql.append(clause);
    args.add(value);
  }
}
