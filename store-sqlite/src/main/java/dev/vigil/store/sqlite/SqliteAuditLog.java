package dev.vigil.store.sqlite;

import static dev.vigil.store.jdbc.Columns.instant;
import static dev.vigil.store.jdbc.Columns.nanos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
import dev.vigil.id.EventId;
import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.store.jdbc.Columns;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AuditLog} on {@link SqliteDatabase}. The sequence number is the {@code AUTOINCREMENT} row
 * id: SQLite never hands one out twice, not after a deletion and not after a failed or rolled-back
 * insert, so every gap is a deletion. Pages are cut on it, so paging never skips or repeats an
 * event even when many share a timestamp; cursors are that number. The anchor left by pruning is
 * the single row of {@code audit_anchor}.
 */
public final class SqliteAuditLog
    implements AuditLog, EventFeed, dev.vigil.store.jdbc.TransactionalLog, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SqliteAuditLog.class);
  private static final TypeReference<Map<String, String>> DETAIL = new TypeReference<>() {};
  private static final String COLUMNS =
      "seq, id, time, type, subject, session_id, reason, incident, client_ip, client_ua, detail";

  /** The query of {@link #count}; package-private so a test can check its plan. */
  static final String COUNT_BY_CLIENT_IP =
      "SELECT COUNT(*) FROM events WHERE client_ip = ? AND type = ? AND reason = ?"
          + " AND time >= ? AND time < ?";

  /** The refused verifications, spelled as in the partial index of migration V8. */
  private static final String REFUSED = "type = '" + EventType.VERIFY_FAILED.wire() + "'";

  private final SqliteDatabase db;
  private final SecureRandom random = new SecureRandom();
  private final java.util.concurrent.ConcurrentLinkedQueue<Event> waiting =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicBoolean drainQueued =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.ScheduledExecutorService batcher =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().name("vigil-event-batcher").daemon().unstarted(r));

  /** How long an event from {@link #appendSoon} may wait before it is written. */
  public static final java.time.Duration BATCH_WINDOW = java.time.Duration.ofMillis(50);

  public SqliteAuditLog(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void append(Event e) {
    List<Row> rows = List.of(Row.of(e));
    db.write(c -> insert(c, rows));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Events wait in memory for up to {@link #BATCH_WINDOW}, then the committer writes all that
   * are waiting in one batch (one chain read, one batched insert, one fsync shared with whatever
   * else commits then). So a flood of refusals costs a few commits a second, not one each. Every
   * read of this log writes the waiting events first, so it sees them. A failure to store them is
   * logged.
   */
  @Override
  public void appendSoon(Event e) {
    waiting.add(e);
    if (drainQueued.compareAndSet(false, true)) {
      batcher.schedule(
          () -> {
            try {
              db.writeLater(
                  this::drain,
                  failure -> LOG.error("events could not be stored: {}", failure.toString()));
            } catch (RuntimeException closed) {
              LOG.error("events could not be stored: {}", closed.toString());
            }
          },
          BATCH_WINDOW.toMillis(),
          java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Stops the batcher and writes the events still waiting. A drain the batcher had scheduled is
   * cancelled, not left to run after the database has closed (it logged every waiting event as
   * lost, though this call had written them).
   */
  @Override
  public void close() {
    batcher.shutdownNow();
    if (!waiting.isEmpty()) {
      db.write(this::drain);
    }
  }

  /** Writes every waiting event, in order, with one statement. */
  private int drain(java.sql.Connection c) throws SQLException {
    drainQueued.set(false);
    List<Event> batch = new ArrayList<>();
    for (Event e = waiting.poll(); e != null; e = waiting.poll()) {
      batch.add(e);
    }
    if (batch.isEmpty()) {
      return 0;
    }
    return insert(c, batch.stream().map(Row::of).toList());
  }

  /**
   * Reads run after the writes queued before them, so a reader sees its own events. When those
   * writes fail (a full disk: SQLITE_FULL) the failure is logged and the read answers from what is
   * stored, which is all there is: a read must not fail because a write cannot be made.
   */
  private <T> T read(SqliteDatabase.Work<T> work) {
    try {
      if (!waiting.isEmpty()) {
        db.write(this::drain);
      }
      db.flush();
    } catch (dev.vigil.session.StoreUnavailableException e) {
      LOG.error("events could not be stored before a read: {}", e.toString());
    }
    return db.read(work);
  }

  /** {@inheritDoc} One chain read, one batched insert, one fsync. */
  @Override
  public void appendAll(List<Event> events) {
    List<Row> rows = events.stream().map(Row::of).toList();
    db.write(c -> insert(c, rows));
  }

  /**
   * An event, its detail as JSON and its canonical text (EventChain#canonicalBytes), worked out
   * before the write so the committer only links and writes.
   */
  private record Row(Event event, String detail, byte[] canonical) {
    static Row of(Event e) {
      return new Row(e, json(e.detail()), EventChain.canonicalBytes(e));
    }
  }

  /** Events staged by {@link #stage}. */
  private record Rows(List<Row> rows) implements dev.vigil.store.jdbc.TransactionalLog.Staged {}

  @Override
  public boolean keptIn(dev.vigil.store.jdbc.Database database) {
    return db == database;
  }

  @Override
  public Staged stage(List<Event> events) {
    return new Rows(events.stream().map(Row::of).toList());
  }

  @Override
  public void appendIn(Connection c, Staged events) throws SQLException {
    if (!(events instanceof Rows staged)) {
      throw new IllegalArgumentException("events staged by another log: " + events);
    }
    if (!staged.rows().isEmpty()) {
      insert(c, staged.rows());
    }
  }

  private static final String INSERT =
      "INSERT INTO events (id, time, type, subject, session_id, reason, incident,"
          + " client_ip, client_ua, detail, link) VALUES (?,?,?,?,?,?,?,?,?,?,?)";

  /** Inserts events at the end of the chain; returns how many. */
  private int insert(Connection c, List<Row> rows) throws SQLException {
    String previous = lastLink(c);
    try (SqliteDatabase.Prepared p = db.prepared(c, INSERT)) {
      PreparedStatement ps = p.statement();
      for (Row row : rows) {
        Event e = row.event();
        ps.setString(1, e.id().value());
        ps.setLong(2, nanos(e.time()));
        ps.setString(3, e.type().wire());
        Columns.set(ps, 4, e.subject().map(Subject::value));
        Columns.set(ps, 5, e.sessionId().map(SessionId::value));
        Columns.set(ps, 6, e.reason());
        Columns.set(ps, 7, e.incident().map(IncidentId::value));
        Columns.set(ps, 8, e.client().ip().map(IpAddress::text));
        Columns.set(ps, 9, e.client().userAgent());
        ps.setString(10, row.detail());
        previous = EventChain.link(previous, row.canonical());
        ps.setString(11, previous);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return rows.size();
  }

  /**
   * The link the next event chains onto: that of the newest linked event, else the anchor's (every
   * event was pruned), else {@link EventChain#GENESIS}.
   */
  private String lastLink(Connection c) throws SQLException {
    try (SqliteDatabase.Prepared p =
            db.prepared(
                c, "SELECT link FROM events WHERE link IS NOT NULL ORDER BY seq DESC LIMIT 1");
        ResultSet rs = p.statement().executeQuery()) {
      if (rs.next()) {
        return rs.getString(1);
      }
    }
    try {
      return anchor(c).map(ChainAnchor::link).orElse(EventChain.GENESIS);
    } catch (InvalidAnchor edited) {
      // the chain check reports the edit; appends go on rather than fail every refused verdict
      return EventChain.GENESIS;
    }
  }

  /** An {@code audit_anchor} row that breaks the anchor's invariants: it was edited. */
  private static final class InvalidAnchor extends SQLException {
    private static final long serialVersionUID = 1L;

    InvalidAnchor(RuntimeException cause) {
      super("audit anchor is not valid: " + cause.getMessage(), cause);
    }
  }

  /**
   * The anchor left by pruning, if any.
   *
   * @throws InvalidAnchor if the row breaks the anchor's invariants
   */
  private static Optional<ChainAnchor> anchor(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT seq, link, pruned_count, pruned_through, pruned_at FROM audit_anchor");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      try {
        return Optional.of(
            new ChainAnchor(
                rs.getLong(1),
                rs.getString(2),
                rs.getLong(3),
                instant(rs.getLong(4)),
                instant(rs.getLong(5))));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new InvalidAnchor(e);
      }
    }
  }

  /** The current checkpoint, read in one transaction. */
  @Override
  public Checkpoint checkpoint() {
    return read(
        c -> {
          c.setAutoCommit(false);
          try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM events");
              ResultSet n = count.executeQuery()) {
            n.next();
            long pruned;
            try {
              pruned = anchor(c).map(ChainAnchor::pruned).orElse(0L);
            } catch (InvalidAnchor edited) {
              pruned = 0; // the chain check reports it
            }
            return new Checkpoint(n.getLong(1), pruned, lastLink(c));
          } finally {
            c.rollback();
            c.setAutoCommit(true);
          }
        });
  }

  @Override
  public Page after(long seq, int limit, java.util.Set<EventType> types) {
    String filter =
        types.isEmpty()
            ? ""
            : " AND type IN ("
                + String.join(",", java.util.Collections.nCopies(types.size(), "?"))
                + ")";
    return read(
        c -> {
          long upTo;
          try (PreparedStatement last =
              c.prepareStatement(
                  "SELECT MAX(seq) FROM (SELECT seq FROM events WHERE seq > ? ORDER BY seq LIMIT ?)")) {
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
                out.add(new Sequenced(rs.getLong("seq"), event(rs)));
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

  @Override
  public void forEachSince(java.time.Instant since, java.util.function.Consumer<Event> sink) {
    read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM events WHERE time >= ? ORDER BY seq")) {
            ps.setLong(1, nanos(since));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                sink.accept(event(rs));
              }
            }
          }
          return null;
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the log in batches of {@value #CHAIN_BATCH} events in sequence order, each batch and
   * the anchor in a read transaction of its own, never the whole log in one: in WAL mode no
   * checkpoint can pass an open read transaction, so every write made meanwhile stays in the
   * write-ahead log (a paced check of 595,000 events under load held one for 31 s: the log grew
   * from 40 to 987 MB and requests waited up to 211 ms; docs/BENCHMARKS.md, "Soak"). A pruning that
   * commits between two batches moves the anchor ({@link ChainVerifier#reanchor}). The check ends
   * at the newest event there was when it started, or when the anchor last moved, so that the
   * pruning's own event is read. An anchor row that breaks its invariants (edited with SQL) makes
   * the log broken without naming an event.
   */
  @Override
  public EventChain.Check verifyChain() {
    return verifyChain(1.0);
  }

  /**
   * {@inheritDoc}
   *
   * <p>After each batch the thread sleeps for as long as the batch took times {@code (1 - share) /
   * share}, holding no connection.
   */
  @Override
  public EventChain.Check verifyChain(double share) {
    return verifyChain(new ChainVerifier(Optional.empty()), share);
  }

  /**
   * {@inheritDoc}
   *
   * <p>In batches as {@link #verifyChain(double)}: the first reads from {@link
   * ChainVerifier#from()} after moving the verifier to the anchor of its own transaction and
   * resuming it.
   */
  @Override
  public EventChain.Check verifyChain(ChainVerifier verifier, double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("share must be in (0, 1], got " + share);
    }
    return verifyChain(verifier, share, CHAIN_BATCH, () -> {}, SqliteAuditLog::pause);
  }

  /** Sleeps {@code nanos} between two batches of a paced check. */
  private static void pause(long nanos) {
    try {
      java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException stop) {
      Thread.currentThread().interrupt();
      throw new dev.vigil.session.StoreUnavailableException("chain check interrupted", stop);
    }
  }

  /** Events read and hashed in one read transaction of a chain check. */
  static final int CHAIN_BATCH = 2_000;

  /**
   * {@link #verifyChain(ChainVerifier, double)} in batches of {@code batch} events, running {@code
   * between} after each (tests prune there), then, when {@code share < 1}, {@code pause} with the
   * nanoseconds to yield: the batch's time, {@code between} included, times {@code (1 - share) /
   * share}.
   */
  EventChain.Check verifyChain(
      ChainVerifier verifier,
      double share,
      int batch,
      Runnable between,
      java.util.function.LongConsumer pause) {
    boolean first = true;
    long end = 0;
    while (true) {
      long started = System.nanoTime();
      long from = first ? -1 : verifier.from();
      Batch b = read(c -> batch(c, verifier, from, batch));
      if (b.anchor().isEmpty()) {
        return new EventChain.Check(false, 0, Optional.empty(), Optional.empty());
      }
      if (first) {
        first = false;
        end = b.newest();
      } else if (verifier.reanchor(b.anchor().get())) {
        end = Math.max(end, b.newest());
      }
      long last = -1;
      for (Stored row : b.rows()) {
        if (row.seq() > end) {
          return verifier.result();
        }
        if (row.event().isEmpty()) {
          verifier.unreadable(row.id());
          return verifier.result();
        }
        if (!verifier.next(row.seq(), row.event().get(), row.link())) {
          return verifier.result();
        }
        last = row.seq();
      }
      if (b.rows().size() < batch || last >= end) {
        return verifier.result();
      }
      between.run();
      if (share < 1) {
        long busy = System.nanoTime() - started;
        pause.accept((long) (busy * (1 - share) / share));
      }
    }
  }

  /**
   * One stored event as a chain check reads it: {@code event} empty when it cannot be read back
   * (then {@code id} names it, if even that can be read).
   */
  private record Stored(
      long seq, Optional<Event> event, Optional<EventId> id, Optional<String> link) {}

  /**
   * One batch of a chain check: the anchor as it stood (an empty outer Optional when the row was
   * edited), the newest sequence number, and the events after the last one read.
   */
  private record Batch(Optional<Optional<ChainAnchor>> anchor, long newest, List<Stored> rows) {}

  /**
   * Reads one batch: the events from sequence number {@code from} on; for the first batch of a
   * check ({@code from} negative), the verifier is moved to the anchor read here and resumed, and
   * the events are read from {@link ChainVerifier#from()}, all in this one read transaction.
   */
  private static Batch batch(Connection c, ChainVerifier verifier, long from, int size)
      throws SQLException {
    c.setAutoCommit(false);
    try {
      Optional<ChainAnchor> anchor;
      try {
        anchor = anchor(c);
      } catch (InvalidAnchor edited) {
        return new Batch(Optional.empty(), 0, List.of());
      }
      long start = from;
      if (from < 0) {
        verifier.reanchor(anchor);
        verifier.resume();
        start = verifier.from();
      }
      long newest;
      try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM events");
          ResultSet rs = ps.executeQuery()) {
        newest = rs.next() ? rs.getLong(1) : 0;
      }
      List<Stored> rows = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT " + COLUMNS + ", link FROM events WHERE seq >= ? ORDER BY seq LIMIT ?")) {
        ps.setLong(1, start);
        ps.setInt(2, size);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long seq = rs.getLong("seq");
            try {
              rows.add(
                  new Stored(
                      seq, Optional.of(event(rs)), Optional.empty(), Columns.text(rs, "link")));
            } catch (SQLException | RuntimeException unreadable) {
              rows.add(
                  new Stored(
                      seq,
                      Optional.empty(),
                      EventId.parse(String.valueOf(rs.getString("id"))),
                      Optional.empty()));
              break;
            }
          }
        }
      }
      return new Batch(Optional.of(anchor), newest, rows);
    } finally {
      c.rollback();
      c.setAutoCommit(true);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code GROUP BY} over the partial index {@code events_refused} (migration V8), which
   * holds every column the query reads, so the table itself is not touched. The bucket index is
   * computed in SQL with the formula of {@link InvalidStats#bucketOf}; grouping is by the stored
   * value, and {@link InvalidStatsTally} maps values to keys.
   */
  @Override
  public InvalidStats invalidStats(
      Instant from,
      Instant until,
      int buckets,
      StatsDimension by,
      java.util.function.UnaryOperator<String> refine) {
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
   * type is a literal so that SQLite can prove the partial index applies. {@code INDEXED BY}
   * because without statistics (no {@code ANALYZE}) the planner prefers the equality on {@code
   * events_by_type} and then reads every refusal ever recorded from the table; naming the index
   * also turns its loss into an error instead of a slow query.
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
        + ", ((time - ?) * ?) / ? AS bucket, COUNT(*) FROM events INDEXED BY events_refused WHERE "
        + REFUSED
        + " AND time >= ? AND time < ? GROUP BY "
        + column
        + ", bucket";
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the head of the log in sequence order, deletes the run older than {@code cutoff} with
   * one range delete on the sequence number, and upserts the anchor row, all in one write.
   */
  @Override
  public int pruneBefore(Instant cutoff, int batch, Instant now) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be positive, was " + batch);
    }
    EventId id = EventId.random(random);
    return db.write(
        c -> {
          Optional<ChainAnchor> previous = anchor(c);
          long limit = nanos(cutoff);
          int n = 0;
          long last = 0;
          long through = Long.MIN_VALUE;
          String link = previous.map(ChainAnchor::link).orElse(EventChain.GENESIS);
          try (PreparedStatement ps =
              c.prepareStatement("SELECT seq, time, link FROM events ORDER BY seq LIMIT ?")) {
            ps.setInt(1, batch);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next() && rs.getLong(2) < limit) {
                n++;
                last = rs.getLong(1);
                through = Math.max(through, rs.getLong(2));
                link = Columns.text(rs, "link").orElse(link);
              }
            }
          }
          if (n == 0) {
            return 0;
          }
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM events WHERE seq <= ?")) {
            ps.setLong(1, last);
            ps.executeUpdate();
          }
          ChainAnchor next =
              new ChainAnchor(
                  last,
                  link,
                  previous.map(ChainAnchor::pruned).orElse(0L) + n,
                  instant(through),
                  now);
          saveAnchor(c, next);
          Event pruned = next.event(id, n, cutoff);
          insert(c, List.of(Row.of(pruned)));
          return n;
        });
  }

  private static void saveAnchor(Connection c, ChainAnchor a) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO audit_anchor (id, seq, link, pruned_count, pruned_through, pruned_at)"
                + " VALUES (1,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq,"
                + " link = excluded.link, pruned_count = excluded.pruned_count,"
                + " pruned_through = excluded.pruned_through, pruned_at = excluded.pruned_at")) {
      ps.setLong(1, a.seq());
      ps.setString(2, a.link());
      ps.setLong(3, a.pruned());
      ps.setLong(4, nanos(a.through()));
      ps.setLong(5, nanos(a.at()));
      ps.executeUpdate();
    }
  }

  /** An SQL statement and its arguments, in order. */
  record Statement(String sql, List<Object> args) {}

  /**
   * The statement of {@link #query}: newest first from the cursor, one more than the limit;
   * package-private so a test can check its plan.
   *
   * @throws IllegalArgumentException if the cursor is not one this log handed out
   */
  static Statement statement(EventQuery q) {
    long before = q.cursor().map(SqliteAuditLog::cursor).orElse(Long.MAX_VALUE);
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
    return new Statement(sql.toString(), List.copyOf(args));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the cursor is not one this log handed out
   */
  @Override
  public EventPage query(EventQuery q) {
    Statement query = statement(q);
    return read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(query.sql())) {
            for (int i = 0; i < query.args().size(); i++) {
              ps.setObject(i + 1, query.args().get(i));
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
                events.add(event(rs));
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
              return rs.next() ? Optional.of(event(rs)) : Optional.empty();
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
                out.add(event(rs));
              }
            }
            return out;
          }
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Answered from the covering index {@code events_by_client_ip} (migration V10) without reading
   * the events.
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

  private static Event event(ResultSet rs) throws SQLException {
    String type = rs.getString("type");
    return new Event(
        new EventId(rs.getString("id")),
        instant(rs.getLong("time")),
        EventType.ofWire(type).orElseThrow(() -> new SQLException("unknown event type " + type)),
        Columns.text(rs, "subject").map(Subject::new),
        Columns.text(rs, "session_id").map(SessionId::new),
        Columns.text(rs, "reason"),
        Columns.text(rs, "incident").map(IncidentId::new),
        new ClientContext(
            Columns.text(rs, "client_ip").flatMap(IpAddress::parse), Columns.text(rs, "client_ua")),
        detail(rs.getString("detail")));
  }

  static String json(Map<String, String> detail) {
    try {
      return JSON.writeValueAsString(detail);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serialises", e);
    }
  }

  private static Map<String, String> detail(String json) throws SQLException {
    try {
      return JSON.readValue(json, DETAIL);
    } catch (JsonProcessingException e) {
      throw new SQLException("event detail is not a JSON object of strings", e);
    }
  }
}
