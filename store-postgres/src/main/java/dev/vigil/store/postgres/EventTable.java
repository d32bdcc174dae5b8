package dev.vigil.store.postgres;

import static dev.vigil.store.jdbc.Columns.instant;
import static dev.vigil.store.jdbc.Columns.nanos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.audit.ChainAnchor;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventChain;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
import dev.vigil.id.EventId;
import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.store.jdbc.Columns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The rows of {@code events} and {@code audit_anchor}: how {@link PostgresAuditLog} appends events
 * to the hash chain, and how it reads events and the anchor back.
 *
 * <p>Every append runs, inside its transaction, {@link #lock} first: a transaction-scoped advisory
 * lock on {@link #APPEND_LOCK}, held until commit or rollback. Then it reads the link and the
 * position of the newest event, inserts, and commits, so appends from every node form one chain and
 * positions are handed out in commit order. The lock must be its own statement: under read
 * committed a statement reads the snapshot taken when it started, so a read in the same statement
 * as the lock could miss the append that held it.
 *
 * <p>Positions are assigned here, under the lock, as one more than the largest of the newest stored
 * position, the row of {@code audit_head} and the identity sequence of {@code events.seq}; the
 * transaction then writes the last one inserted to {@code audit_head}, transactionally like the
 * rows: an append that is rolled back (a duplicate id, a statement timeout, a node killed before
 * its {@code COMMIT}) leaves no trace, and the chain check, which reports every gap as a deletion,
 * finds none. The head row still remembers the highest position ever committed, so deleting the
 * newest events with SQL and appending again leaves a gap that the check reports, as SQLite's
 * {@code AUTOINCREMENT} does. The sequence is read, never advanced here (neither {@code nextval}
 * nor {@code setval} is undone by a rollback): it holds what a bulk copy into {@code events} handed
 * out ({@code vigil migrate}).
 */
final class EventTable {
  /**
   * The key of the append lock. Advisory locks belong to the database, not a schema: Vigil logs in
   * several schemas of one database take turns on it, which costs time but breaks nothing.
   */
  static final long APPEND_LOCK = 0x5649_4749_4C5F_4556L; // "VIGIL_EV" in ASCII

  /** The columns {@link #event} reads, in order. */
  static final String COLUMNS =
      "seq, id, time, type, subject, session_id, reason, incident, client_ip, client_ua, detail";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> DETAIL = new TypeReference<>() {};

  /** The identity sequence of {@code events.seq}, qualified and quoted; found on first use. */
  private volatile @Nullable String sequence;

  /** Waits for the append lock; it is released when the transaction ends. */
  static void lock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      ps.setLong(1, APPEND_LOCK);
      ps.executeQuery().close();
    }
  }

  /**
   * Appends {@code events} in order at the end of the chain, in the caller's transaction, which
   * must not have read the chain yet (the lock is taken here).
   *
   * @return how many were inserted
   * @throws SQLException if one cannot be stored (a duplicate id, text PostgreSQL refuses); the
   *     caller rolls back and no position is used up
   */
  int append(Connection c, List<Event> events) throws SQLException {
    if (events.isEmpty()) {
      return 0;
    }
    lock(c);
    String previous = lastLink(c);
    String sequence = sequence(c);
    long seq = lastPosition(c, sequence);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO events (seq, id, time, type, subject, session_id, reason, incident,"
                + " client_ip, client_ua, detail, link) OVERRIDING SYSTEM VALUE"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
      for (Event e : events) {
        ps.setLong(1, ++seq);
        ps.setString(2, e.id().value());
        ps.setLong(3, nanos(e.time()));
        ps.setString(4, e.type().wire());
        Columns.set(ps, 5, e.subject().map(Subject::value));
        Columns.set(ps, 6, e.sessionId().map(SessionId::value));
        Columns.set(ps, 7, e.reason());
        Columns.set(ps, 8, e.incident().map(IncidentId::value));
        Columns.set(ps, 9, e.client().ip().map(IpAddress::text));
        Columns.set(ps, 10, e.client().userAgent());
        ps.setString(11, json(e.detail()));
        previous = EventChain.link(previous, e);
        ps.setString(12, previous);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO audit_head (id, seq) VALUES (1, ?)"
                + " ON CONFLICT (id) DO UPDATE SET seq = excluded.seq")) {
      ps.setLong(1, seq);
      ps.executeUpdate();
    }
    return events.size();
  }

  /**
   * The newest position handed out: stored, or remembered by the head row or the sequence after a
   * deletion. {@code sequence} comes from the catalog ({@code pg_get_serial_sequence}), qualified
   * and quoted.
   */
  private static long lastPosition(Connection c, String sequence) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT GREATEST(COALESCE(MAX(seq), 0), (SELECT CASE WHEN is_called THEN"
                    + " last_value ELSE 0 END FROM "
                    + sequence
                    + "), (SELECT COALESCE(MAX(seq), 0) FROM audit_head)) FROM events");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private String sequence(Connection c) throws SQLException {
    String known = sequence;
    if (known != null) {
      return known;
    }
    try (PreparedStatement ps =
            c.prepareStatement("SELECT pg_get_serial_sequence('events', 'seq')");
        ResultSet rs = ps.executeQuery()) {
      String found = rs.next() ? rs.getString(1) : null;
      if (found == null) {
        throw new SQLException("events.seq has no identity sequence");
      }
      sequence = found;
      return found;
    }
  }

  /**
   * The link the next event chains onto: that of the newest linked event, else the anchor's (every
   * event was pruned), else {@link EventChain#GENESIS}.
   */
  static String lastLink(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT link FROM events WHERE link IS NOT NULL ORDER BY seq DESC LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
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
  static final class InvalidAnchor extends SQLException {
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
  static Optional<ChainAnchor> anchor(Connection c) throws SQLException {
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

  /**
   * Removes the run of events older than {@code cutoff} at the head of the log, at most {@code
   * batch}, in the caller's transaction: under the append lock, reads the head in sequence order,
   * deletes the run with one range delete on the sequence number, upserts the anchor row and
   * appends the anchor's {@code audit.pruned} event (with {@code id}, at {@code now}).
   *
   * @return how many events were removed; none removed writes nothing
   * @throws InvalidAnchor if the anchor row was edited
   */
  int prune(Connection c, Instant cutoff, int batch, Instant now, EventId id) throws SQLException {
    lock(c);
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
            last, link, previous.map(ChainAnchor::pruned).orElse(0L) + n, instant(through), now);
    saveAnchor(c, next);
    append(c, List.of(next.event(id, n, cutoff)));
    return n;
  }

  /** Inserts or replaces the single anchor row. */
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

  /**
   * The event in the current row, which holds {@link #COLUMNS}.
   *
   * @throws SQLException if the type is unknown or the detail is not a JSON object of strings
   */
  static Event event(ResultSet rs) throws SQLException {
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
