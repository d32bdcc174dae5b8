package dev.vigil.store.sqlite;

import static dev.vigil.store.jdbc.Columns.instant;
import static dev.vigil.store.jdbc.Columns.nanos;

import dev.vigil.notice.KnownDevices;
import dev.vigil.notice.Outbox;
import dev.vigil.notice.SingleUseLinks;
import dev.vigil.store.jdbc.Columns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The notices Vigil sends, on {@link SqliteDatabase}: webhook endpoints, the persistent outbox of
 * deliveries, the dispatcher's cursor in the event log, the devices seen per subject, and used
 * single-use links. A message is queued at most once per channel and event (a unique key), in the
 * same transaction that moves the cursor past its event, so a crash neither loses nor doubles one.
 */
public final class SqliteOutbox implements Outbox, KnownDevices, SingleUseLinks {
  private static final String MESSAGE_COLUMNS =
      "seq, channel, event_id, recipient, payload, created_at, state, attempts, next_attempt_at,"
          + " last_error, done_at";

  private final SqliteDatabase db;

  public SqliteOutbox(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void addEndpoint(Endpoint e) {
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO webhooks (id, url, secret, events, created_at) VALUES (?,?,?,?,?)")) {
            ps.setString(1, e.id());
            ps.setString(2, e.url());
            ps.setString(3, e.sealedSecret());
            ps.setString(4, String.join(",", new TreeSet<>(e.events())));
            ps.setLong(5, nanos(e.createdAt()));
            return ps.executeUpdate();
          }
        });
  }

  /** Every endpoint, oldest first. */
  @Override
  public List<Endpoint> endpoints() {
    return db.read(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT id, url, secret, events, created_at FROM webhooks ORDER BY"
                          + " created_at, id");
              ResultSet rs = ps.executeQuery()) {
            List<Endpoint> out = new ArrayList<>();
            while (rs.next()) {
              String events = rs.getString("events");
              out.add(
                  new Endpoint(
                      rs.getString("id"),
                      rs.getString("url"),
                      rs.getString("secret"),
                      events.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(events.split(","))),
                      instant(rs.getLong("created_at"))));
            }
            return out;
          }
        });
  }

  /**
   * Removes an endpoint; its undelivered messages are marked failed ("endpoint removed").
   *
   * @return whether it existed
   */
  @Override
  public boolean removeEndpoint(String id, Instant now) {
    return db.write(
        c -> {
          try (PreparedStatement del = c.prepareStatement("DELETE FROM webhooks WHERE id = ?");
              PreparedStatement drop =
                  c.prepareStatement(
                      "UPDATE outbox SET state = 'failed', last_error = 'endpoint removed',"
                          + " done_at = ? WHERE channel = ? AND state = 'pending'")) {
            del.setString(1, id);
            int n = del.executeUpdate();
            drop.setLong(1, nanos(now));
            drop.setString(2, "webhook:" + id);
            drop.executeUpdate();
            return n == 1;
          }
        });
  }

  /** Where the named dispatcher stands in the event log (0 before it first ran). */
  @Override
  public long cursor(String name) {
    return db.read(c -> cursor(c, name));
  }

  private static long cursor(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM cursors WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /** Sets the named cursor when it has never been set; returns its value. */
  @Override
  public long initCursor(String name, long seq) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("INSERT OR IGNORE INTO cursors (name, seq) VALUES (?, ?)")) {
            ps.setString(1, name);
            ps.setLong(2, seq);
            ps.executeUpdate();
          }
          return cursor(c, name);
        });
  }

  /**
   * Queues {@code messages} and moves the named cursor to {@code upTo}, in one transaction. A
   * message already queued for its channel and event is skipped.
   *
   * @return how many messages were newly queued
   */
  @Override
  public int enqueue(String cursor, long upTo, List<Enqueue> messages, Instant now) {
    return db.write(
        c -> {
          int added = 0;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT OR IGNORE INTO outbox (channel, event_id, recipient, payload, created_at,"
                      + " state, attempts, next_attempt_at) VALUES (?,?,?,?,?,'pending',0,?)")) {
            for (Enqueue m : messages) {
              ps.setString(1, m.channel());
              ps.setString(2, m.eventId());
              ps.setString(3, m.recipient());
              ps.setString(4, m.payload());
              ps.setLong(5, nanos(now));
              ps.setLong(6, nanos(now));
              added += ps.executeUpdate();
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO cursors (name, seq) VALUES (?, ?)"
                      + " ON CONFLICT (name) DO UPDATE SET seq = excluded.seq")) {
            ps.setString(1, cursor);
            ps.setLong(2, upTo);
            ps.executeUpdate();
          }
          return added;
        });
  }

  /** Moves the named cursor to {@code seq}. */
  @Override
  public void moveCursor(String name, long seq, Instant now) {
    enqueue(name, seq, List.of(), now);
  }

  /**
   * Messages due at {@code now}, oldest first, at most {@code perChannel} of any one destination
   * and {@code limit} in all: a destination with a long backlog never hides the others.
   */
  @Override
  public List<Message> due(Instant now, int perChannel, int limit) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + MESSAGE_COLUMNS
                      + " FROM (SELECT *, ROW_NUMBER() OVER"
                      + " (PARTITION BY channel ORDER BY next_attempt_at, seq) AS place"
                      + " FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?)"
                      + " WHERE place <= ? ORDER BY next_attempt_at, seq LIMIT ?")) {
            ps.setLong(1, nanos(now));
            ps.setInt(2, perChannel);
            ps.setInt(3, limit);
            return messages(ps);
          }
        });
  }

  /** The newest messages of a channel (every channel when empty), newest first. */
  @Override
  public List<Message> recent(Optional<String> channel, int limit) {
    return db.read(
        c -> {
          String where = channel.isPresent() ? " WHERE channel = ?" : "";
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + MESSAGE_COLUMNS
                      + " FROM outbox"
                      + where
                      + " ORDER BY seq DESC LIMIT ?")) {
            int i = 1;
            if (channel.isPresent()) {
              ps.setString(i++, channel.get());
            }
            ps.setInt(i, limit);
            return messages(ps);
          }
        });
  }

  /** Records a successful delivery. */
  @Override
  public void delivered(long seq, int attempts, Instant at) {
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE outbox SET state = 'delivered', attempts = ?, done_at = ?, last_error ="
                      + " NULL WHERE seq = ? AND state = 'pending'")) {
            ps.setInt(1, attempts);
            ps.setLong(2, nanos(at));
            ps.setLong(3, seq);
            return ps.executeUpdate();
          }
        });
  }

  /**
   * Records a failed attempt: retried at {@code retryAt}, or given up for good when it is empty.
   */
  @Override
  public void attemptFailed(
      long seq, int attempts, Optional<Instant> retryAt, String error, Instant now) {
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?,"
                      + " done_at = ? WHERE seq = ? AND state = 'pending'")) {
            ps.setString(1, retryAt.isPresent() ? "pending" : "failed");
            ps.setInt(2, attempts);
            ps.setLong(3, nanos(retryAt.orElse(now)));
            ps.setString(4, error.length() > 500 ? error.substring(0, 500) : error);
            Columns.set(ps, 5, retryAt.isPresent() ? Optional.empty() : Optional.of(nanos(now)));
            ps.setLong(6, seq);
            return ps.executeUpdate();
          }
        });
  }

  /** What is waiting to be delivered. */
  @Override
  public Backlog backlog() {
    return db.read(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT (SELECT COUNT(*) FROM outbox WHERE state = 'pending'),"
                          + " (SELECT COUNT(*) FROM outbox WHERE state = 'failed'),"
                          + " (SELECT MIN(created_at) FROM outbox WHERE state = 'pending')");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            long oldest = rs.getLong(3);
            boolean none = rs.wasNull();
            return new Backlog(
                rs.getLong(1),
                rs.getLong(2),
                none ? Optional.empty() : Optional.of(instant(oldest)));
          }
        });
  }

  /** Whether any device was ever recorded for {@code subject}. */
  @Override
  public boolean knowsSubject(String subject) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT 1 FROM known_devices WHERE subject = ? LIMIT 1")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  /**
   * Records that {@code subject} was seen on {@code device}.
   *
   * @return whether the device was new for the subject
   */
  @Override
  public boolean rememberDevice(String subject, String device, Instant now) {
    return db.write(
        c -> {
          try (PreparedStatement ins =
              c.prepareStatement(
                  "INSERT OR IGNORE INTO known_devices (subject, device, first_seen, last_seen)"
                      + " VALUES (?,?,?,?)")) {
            ins.setString(1, subject);
            ins.setString(2, device);
            ins.setLong(3, nanos(now));
            ins.setLong(4, nanos(now));
            if (ins.executeUpdate() == 1) {
              return true;
            }
          }
          try (PreparedStatement up =
              c.prepareStatement(
                  "UPDATE known_devices SET last_seen = ? WHERE subject = ? AND device = ?")) {
            up.setLong(1, nanos(now));
            up.setString(2, subject);
            up.setString(3, device);
            up.executeUpdate();
            return false;
          }
        });
  }

  /** Whether a single-use link was used. */
  @Override
  public boolean linkUsed(String id) {
    return db.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM used_links WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  /**
   * Marks a single-use link as used.
   *
   * @return false when it had been used before
   */
  @Override
  public boolean useLink(String id, Instant now) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("INSERT OR IGNORE INTO used_links (id, used_at) VALUES (?, ?)")) {
            ps.setString(1, id);
            ps.setLong(2, nanos(now));
            return ps.executeUpdate() == 1;
          }
        });
  }

  private static List<Message> messages(PreparedStatement ps) throws SQLException {
    List<Message> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Message(
                rs.getLong("seq"),
                rs.getString("channel"),
                rs.getString("event_id"),
                rs.getString("recipient"),
                rs.getString("payload"),
                instant(rs.getLong("created_at")),
                State.valueOf(rs.getString("state").toUpperCase(java.util.Locale.ROOT)),
                rs.getInt("attempts"),
                instant(rs.getLong("next_attempt_at")),
                Columns.text(rs, "last_error"),
                Columns.instant(rs, "done_at")));
      }
    }
    return out;
  }
}
