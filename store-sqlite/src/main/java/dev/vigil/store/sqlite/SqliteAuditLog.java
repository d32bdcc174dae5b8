package dev.vigil.store.sqlite;

import static dev.vigil.store.sqlite.Columns.instant;
import static dev.vigil.store.sqlite.Columns.nanos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.audit.AuditLog;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventChain;
import dev.vigil.audit.EventPage;
import dev.vigil.audit.EventQuery;
import dev.vigil.audit.EventType;
import dev.vigil.id.EventId;
import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import dev.vigil.session.ClientContext;
import dev.vigil.session.IpAddress;
import dev.vigil.session.Subject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AuditLog} on {@link SqliteDatabase}. Pages are cut on the row sequence number, so paging
 * never skips or repeats an event even when many share a timestamp. Cursors are that number.
 */
public final class SqliteAuditLog implements AuditLog, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SqliteAuditLog.class);
  private static final TypeReference<Map<String, String>> DETAIL = new TypeReference<>() {};
  private static final String COLUMNS =
      "seq, id, time, type, subject, session_id, reason, incident, client_ip, client_ua, detail";

  private static final String INSERT =
      "INSERT INTO events (id, time, type, subject, session_id, reason, incident, client_ip,"
          + " client_ua, detail, link) VALUES (?,?,?,?,?,?,?,?,?,?,?)";

  /** The query of {@link #count}; package-private so a test can check its plan. */
  static final String COUNT_BY_CLIENT_IP =
      "SELECT COUNT(*) FROM events WHERE client_ip = ? AND type = ? AND reason = ?"
          + " AND time >= ? AND time < ?";

  private final SqliteDatabase db;
  private final java.util.concurrent.ConcurrentLinkedQueue<Event> waiting =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicBoolean drainQueued =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.ScheduledExecutorService batcher =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().name("vigil-event-batcher").daemon().unstarted(r));

  /** How long an event from {@link #appendSoon} may wait before it is written. */
  public static final java.time.Duration BATCH_WINDOW = java.time.Duration.ofMillis(20);

  public SqliteAuditLog(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void append(Event e) {
    db.write(insert(e));
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

  /** Writes the events still waiting, and stops the batcher. */
  @Override
  public void close() {
    batcher.shutdown();
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
    String previous = lastLink(c);
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (Event e : batch) {
        previous = EventChain.link(previous, e);
        bind(ps, e, previous);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return batch.size();
  }

  private static SqliteDatabase.Work<Integer> insert(Event e) {
    return c -> {
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        bind(ps, e, EventChain.link(lastLink(c), e));
        return ps.executeUpdate();
      }
    };
  }

  private static void bind(PreparedStatement ps, Event e, String link) throws SQLException {
    ps.setString(1, e.id().value());
    ps.setLong(2, nanos(e.time()));
    ps.setString(3, e.type().wire());
    Columns.set(ps, 4, e.subject().map(Subject::value));
    Columns.set(ps, 5, e.sessionId().map(SessionId::value));
    Columns.set(ps, 6, e.reason());
    Columns.set(ps, 7, e.incident().map(IncidentId::value));
    Columns.set(ps, 8, e.client().ip().map(IpAddress::text));
    Columns.set(ps, 9, e.client().userAgent());
    ps.setString(10, json(e.detail()));
    ps.setString(11, link);
  }

  /** Reads run after the writes queued before them, so a reader sees its own events. */
  private <T> T read(SqliteDatabase.Work<T> work) {
    if (!waiting.isEmpty()) {
      db.write(this::drain);
    }
    db.flush();
    return db.read(work);
  }

  /** The link of the newest linked event, or {@link EventChain#GENESIS} for an empty chain. */
  private static String lastLink(java.sql.Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT link FROM events WHERE link IS NOT NULL ORDER BY seq DESC LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : EventChain.GENESIS;
    }
  }

  /** The size of the log and its latest link: logged periodically so truncation shows. */
  public record Checkpoint(long events, String lastLink) {}

  /** The current checkpoint. */
  public Checkpoint checkpoint() {
    return read(
        c -> {
          try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM events");
              ResultSet n = count.executeQuery()) {
            n.next();
            return new Checkpoint(n.getLong(1), lastLink(c));
          }
        });
  }

  /** An event with its position in the log. */
  public record Sequenced(long seq, Event event) {}

  /** The events after position {@code seq}, oldest first, at most {@code limit}. */
  public List<Sequenced> after(long seq, int limit) {
    return after(seq, limit, java.util.Set.of()).events();
  }

  /**
   * The events of the given types (every type when empty) in the next {@code limit} positions after
   * {@code seq}, oldest first; the last position looked at is {@link Page#upTo()}.
   */
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

  /** A stretch of the log: the matching events, the last position covered, whether more follow. */
  public record Page(List<Sequenced> events, long upTo, boolean more) {}

  /** The position of the newest event (0 for an empty log). */
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

  /** Every event at or after {@code since}, oldest first, handed to {@code sink} one by one. */
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
   * <p>Reads the whole table in sequence order on one reader connection; events written before the
   * chain existed (no link) are counted but not checked.
   */
  @Override
  public EventChain.Check verifyChain() {
    return read(
        c -> {
          String previous = EventChain.GENESIS;
          long n = 0;
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT " + COLUMNS + ", link FROM events ORDER BY seq");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              n++;
              String stored = rs.getString("link");
              if (stored == null) {
                continue;
              }
              Event e;
              try {
                e = event(rs);
              } catch (SQLException | RuntimeException unreadable) {
                return new EventChain.Check(false, n, Optional.of(new EventId(rs.getString("id"))));
              }
              previous = EventChain.link(previous, e);
              if (!previous.equals(stored)) {
                return new EventChain.Check(false, n, Optional.of(e.id()));
              }
            }
          }
          return new EventChain.Check(true, n, Optional.empty());
        });
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the cursor is not one this log handed out
   */
  @Override
  public EventPage query(EventQuery q) {
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

  private static String json(Map<String, String> detail) {
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
