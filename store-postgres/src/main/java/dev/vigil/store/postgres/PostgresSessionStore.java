package dev.vigil.store.postgres;

import static dev.vigil.store.jdbc.Columns.nanos;

import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.session.Revocation;
import dev.vigil.session.Session;
import dev.vigil.session.SessionRef;
import dev.vigil.session.SessionStore;
import dev.vigil.store.jdbc.Columns;
import dev.vigil.store.jdbc.SessionRows;
import dev.vigil.store.jdbc.SubjectCounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link SessionStore} on {@link PostgresDatabase}, shared by every node. Compare-and-set is a
 * conditional {@code UPDATE} checked by its row count (under read committed, PostgreSQL re-checks
 * its condition on the row as it stands once a concurrent writer commits), so exactly one of many
 * nodes wins. Every change another node's cache must not keep (a revocation, a rotation, a change
 * of roles, a recorded use, a new client) is announced to every node in the same transaction
 * ({@link SessionChanges}). The cap on sessions per subject is kept with a counter row per subject
 * ({@code subject_sessions}) changed in the same transaction as every insert, revocation and purge;
 * the session to end first is found through two per-subject indexes, so neither costs more when a
 * subject has many sessions.
 */
public final class PostgresSessionStore implements SessionStore {
  private static final String COLUMNS = SessionRows.COLUMNS;

  /** A session is live at ?1 (twice): not revoked and before both deadlines. */
  private static final String LIVE_AT =
      "revoked_at IS NULL AND lifetime_start + absolute_timeout > ? AND last_seen_at + idle_window > ?";

  /**
   * A session existed and was live at the revocation's time (three times): a bulk revocation never
   * ends a session created while it runs.
   */
  private static final String ENDED_BY = "created_at <= ? AND " + LIVE_AT;

  private final PostgresDatabase db;
  private final int purgeBatch;

  public PostgresSessionStore(PostgresDatabase db) {
    this(db, PURGE_BATCH);
  }

  /** A store whose {@link #purge} deletes at most {@code purgeBatch} sessions a write (tests). */
  PostgresSessionStore(PostgresDatabase db, int purgeBatch) {
    this.db = db;
    this.purgeBatch = purgeBatch;
  }

  @Override
  public List<Session> insert(Session s, int maxPerSubject, Revocation eviction) {
    if (maxPerSubject < 1) {
      throw new IllegalArgumentException("maxPerSubject must be at least 1, was " + maxPerSubject);
    }
    return db.write(
        c -> {
          long unrevoked = count(c, s.subject().value(), +1);
          List<Session> evicted = new ArrayList<>();
          while (unrevoked > maxPerSubject) {
            Optional<String> victim = firstToEnd(c, s.subject().value(), eviction.at());
            if (victim.isEmpty() || revoke(c, new SessionId(victim.get()), eviction).isEmpty()) {
              break; // only if the counter drifted from the rows; the insert still goes ahead
            }
            evicted.add(find(c, new SessionId(victim.get())).orElseThrow());
            unrevoked--;
          }
          insertRows(c, List.of(s));
          return evicted;
        });
  }

  /**
   * Inserts many new sessions in one transaction without a cap (imports and benchmarks); all or
   * none are stored.
   */
  public void insertAll(List<Session> batch) {
    db.write(
        c -> {
          insertRows(c, batch);
          java.util.Map<String, Long> perSubject = new java.util.HashMap<>();
          for (Session s : batch) {
            if (s.revocation().isEmpty()) {
              perSubject.merge(s.subject().value(), 1L, Long::sum);
            }
          }
          for (var e : perSubject.entrySet()) {
            count(c, e.getKey(), e.getValue());
          }
          return null;
        });
  }

  private static void insertRows(Connection c, List<Session> batch) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO sessions ("
                + COLUMNS
                + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      for (Session s : batch) {
        SessionRows.bind(ps, s);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Takes each subject's number of ended sessions off its count, in one batched statement. */
  private static void uncount(Connection c, java.util.Map<String, Long> ended) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE subject_sessions SET unrevoked = GREATEST(unrevoked - ?, 0) WHERE subject = ?")) {
      for (var e : ended.entrySet()) {
        ps.setLong(1, e.getValue());
        ps.setString(2, e.getKey());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Adds {@code delta} to the subject's count of unrevoked sessions; returns the new count. */
  private static long count(Connection c, String subject, long delta) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO subject_sessions (subject, unrevoked) VALUES (?, GREATEST(?, 0))"
                + " ON CONFLICT (subject) DO UPDATE"
                + " SET unrevoked = GREATEST(subject_sessions.unrevoked + ?, 0)"
                + " RETURNING unrevoked")) {
      ps.setString(1, subject);
      ps.setLong(2, delta);
      ps.setLong(3, delta);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * The unrevoked session of {@code subject} to end first at {@code now}: the one with the earliest
   * absolute deadline if that has passed, else the least recently used (which is the first to have
   * passed its idle deadline). Two index probes, whatever the number of sessions.
   */
  private static Optional<String> firstToEnd(Connection c, String subject, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id FROM sessions"
                + " WHERE subject = ? AND revoked_at IS NULL"
                + " AND lifetime_start + absolute_timeout <= ?"
                + " ORDER BY lifetime_start + absolute_timeout LIMIT 1")) {
      ps.setString(1, subject);
      ps.setLong(2, nanos(now));
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return Optional.of(rs.getString(1));
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id FROM sessions"
                + " WHERE subject = ? AND revoked_at IS NULL ORDER BY last_seen_at LIMIT 1")) {
      ps.setString(1, subject);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  @Override
  public Optional<Session> find(SessionId id) {
    return db.read(c -> find(c, id));
  }

  @Override
  public boolean compareAndSet(Session expected, Session next) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE sessions SET roles = ?, auth_methods = ?, auth_time = ?, aal = ?,"
                      + " client_ip = ?, client_ua = ?,"
                      + " lifetime_start = GREATEST(lifetime_start, ?), last_seen_at = GREATEST(last_seen_at, ?),"
                      + " generation = ?, current_hash = ?, current_used = ?, issued_at = ?,"
                      + " previous_hash = ?, successor_nonce = ?, current_kid = ?, superseded_below = ?,"
                      + " renew_pending = ?"
                      + " WHERE id = ? AND revoked_at IS NULL AND generation = ? AND current_used = ?"
                      + " AND renew_pending = ? AND roles = ? AND auth_methods = ? AND auth_time = ?"
                      + " AND aal = ? AND client_ip IS NOT DISTINCT FROM ? AND client_ua IS NOT DISTINCT FROM ?")) {
            ps.setString(1, String.join("\n", next.roles()));
            ps.setString(2, String.join("\n", next.auth().methods()));
            ps.setLong(3, nanos(next.auth().time()));
            ps.setInt(4, next.auth().aal());
            Columns.set(ps, 5, next.client().ip().map(IpAddress::text));
            Columns.set(ps, 6, next.client().userAgent());
            ps.setLong(7, nanos(next.lifetimeStart()));
            ps.setLong(8, nanos(next.lastSeenAt()));
            SessionRows.setChain(ps, 9, next.chain());
            ps.setString(18, expected.id().value());
            ps.setLong(19, expected.chain().generation());
            ps.setInt(20, expected.chain().currentUsed() ? 1 : 0);
            ps.setInt(21, expected.chain().renewPending() ? 1 : 0);
            ps.setString(22, String.join("\n", expected.roles()));
            ps.setString(23, String.join("\n", expected.auth().methods()));
            ps.setLong(24, nanos(expected.auth().time()));
            ps.setInt(25, expected.auth().aal());
            Columns.set(ps, 26, expected.client().ip().map(IpAddress::text));
            Columns.set(ps, 27, expected.client().userAgent());
            return SessionChanges.announced(c, ps.executeUpdate() == 1, expected.id());
          }
        });
  }

  @Override
  public void markUsed(SessionId id, long generation, Instant seen) {
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE sessions SET current_used = 1, last_seen_at = GREATEST(last_seen_at, ?)"
                      + " WHERE id = ? AND generation = ?")) {
            ps.setLong(1, nanos(seen));
            ps.setString(2, id.value());
            ps.setLong(3, generation);
            return SessionChanges.announced(c, ps.executeUpdate() == 1, id);
          }
        });
  }

  @Override
  public void touch(SessionId id, Instant seen) {
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE sessions SET last_seen_at = GREATEST(last_seen_at, ?) WHERE id = ?")) {
            ps.setLong(1, nanos(seen));
            ps.setString(2, id.value());
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public boolean moveClient(SessionId id, ClientContext client) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE sessions SET client_ip = ?, client_ua = ? WHERE id = ? AND revoked_at IS NULL")) {
            Columns.set(ps, 1, client.ip().map(IpAddress::text));
            Columns.set(ps, 2, client.userAgent());
            ps.setString(3, id.value());
            return SessionChanges.announced(c, ps.executeUpdate() == 1, id);
          }
        });
  }

  @Override
  public Optional<Session> revoke(SessionId id, Revocation r) {
    return db.write(
        c -> {
          revoke(c, id, r);
          return find(c, id);
        });
  }

  /** Revokes one unrevoked session and counts it off its subject; the subject, if it did. */
  private static Optional<String> revoke(Connection c, SessionId id, Revocation r)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE sessions SET revoked_cause = ?, revoked_at = ?, revoked_by = ?"
                + " WHERE id = ? AND revoked_at IS NULL RETURNING subject")) {
      ps.setString(1, r.cause().name());
      ps.setLong(2, nanos(r.at()));
      ps.setString(3, r.by());
      ps.setString(4, id.value());
      Optional<String> subject;
      try (ResultSet rs = ps.executeQuery()) {
        subject = rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
      if (subject.isPresent()) {
        count(c, subject.get(), -1);
        SessionChanges.announce(c, List.of(id));
      }
      return subject;
    }
  }

  @Override
  public List<Session> revokeSubject(Subject subject, Optional<SessionId> except, Revocation r) {
    return db.write(
        c -> {
          List<Session> ended;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE sessions SET revoked_cause = ?, revoked_at = ?, revoked_by = ?"
                      + " WHERE subject = ? AND id <> ? AND "
                      + ENDED_BY
                      + " RETURNING "
                      + COLUMNS)) {
            ps.setString(1, r.cause().name());
            ps.setLong(2, nanos(r.at()));
            ps.setString(3, r.by());
            ps.setString(4, subject.value());
            ps.setString(5, except.map(SessionId::value).orElse(""));
            ps.setLong(6, nanos(r.at()));
            ps.setLong(7, nanos(r.at()));
            ps.setLong(8, nanos(r.at()));
            ended = sessions(ps);
          }
          if (!ended.isEmpty()) {
            uncount(c, java.util.Map.of(subject.value(), (long) ended.size()));
            SessionChanges.announce(c, ended.stream().map(Session::id).toList());
          }
          return ended;
        });
  }

  @Override
  public long revokeEverything(
      Revocation r, int batch, java.util.function.Consumer<List<SessionRef>> ended) {
    long total = 0;
    String after = "";
    while (true) {
      String from = after;
      Batch done = db.write(c -> revokeBatch(c, r, from, batch));
      if (done.sessions().isEmpty()) {
        return total;
      }
      ended.accept(done.sessions());
      total += done.sessions().size();
      after = done.lastId();
    }
  }

  private record Batch(List<SessionRef> sessions, String lastId) {}

  /**
   * Revokes the next {@code limit} live sessions after id {@code afterId}, in byte order of the ids
   * (collation "C", which is also {@link String#compareTo} order for these ASCII ids).
   */
  private static Batch revokeBatch(Connection c, Revocation r, String afterId, int limit)
      throws SQLException {
    String last = afterId;
    List<SessionRef> ended = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE sessions SET revoked_cause = ?, revoked_at = ?, revoked_by = ?"
                + " WHERE id IN (SELECT id FROM sessions WHERE id COLLATE \"C\" > ? AND "
                + ENDED_BY
                + " ORDER BY id COLLATE \"C\" LIMIT ?) RETURNING id, subject")) {
      ps.setString(1, r.cause().name());
      ps.setLong(2, nanos(r.at()));
      ps.setString(3, r.by());
      ps.setString(4, afterId);
      ps.setLong(5, nanos(r.at()));
      ps.setLong(6, nanos(r.at()));
      ps.setLong(7, nanos(r.at()));
      ps.setInt(8, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          last = id.compareTo(last) > 0 ? id : last;
          ended.add(new SessionRef(new SessionId(id), new Subject(rs.getString(2))));
        }
      }
    }
    java.util.Map<String, Long> perSubject = new java.util.HashMap<>();
    for (SessionRef s : ended) {
      perSubject.merge(s.subject().value(), 1L, Long::sum);
    }
    uncount(c, perSubject);
    if (!ended.isEmpty()) {
      SessionChanges.announceAll(c);
    }
    return new Batch(ended, last);
  }

  @Override
  public List<Session> findBySubject(Subject subject) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM sessions WHERE subject = ? AND revoked_at IS NULL")) {
            ps.setString(1, subject.value());
            return sessions(ps);
          }
        });
  }

  private static List<Session> sessions(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<Session> out = new ArrayList<>();
      while (rs.next()) {
        out.add(SessionRows.session(rs));
      }
      return out;
    }
  }

  /**
   * Sessions one transaction of {@link #purge} deletes at most: each batch's transaction holds the
   * rows of the subjects' counts it lowers, which a sign-in of those subjects waits for.
   */
  static final int PURGE_BATCH = 2_000;

  private static final String PURGEABLE =
      "((revoked_at IS NOT NULL AND revoked_at < ?)"
          + " OR lifetime_start + absolute_timeout < ? OR last_seen_at + idle_window < ?)";

  /**
   * {@inheritDoc}
   *
   * <p>In transactions of at most {@link #PURGE_BATCH} sessions each, in the order of the ids, each
   * deleting its sessions, lowering their subjects' counts of unrevoked sessions (an expired
   * session that was never revoked counts against its subject's cap until purged) and forgetting
   * those subjects' counts that are zero, together.
   */
  @Override
  public int purge(Instant cutoff) {
    long t = nanos(cutoff);
    int total = 0;
    String after = "";
    while (true) {
      String from = after;
      Purged done = db.write(c -> purgeBatch(c, t, from, purgeBatch));
      total += done.deleted();
      if (done.lastId().isEmpty()) {
        return total;
      }
      after = done.lastId().get();
    }
  }

  /** What a batch deleted, and the last id it looked at when it was a full batch. */
  private record Purged(int deleted, Optional<String> lastId) {}

  /**
   * Deletes the next {@code limit} purgeable sessions after id {@code afterId}, in the order of the
   * primary key's index (chosen first, so that the batch's end is the index's, whatever the
   * database's collation).
   */
  private static Purged purgeBatch(Connection c, long cutoff, String afterId, int limit)
      throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id FROM sessions WHERE id > ? AND " + PURGEABLE + " ORDER BY id LIMIT ?")) {
      ps.setString(1, afterId);
      ps.setLong(2, cutoff);
      ps.setLong(3, cutoff);
      ps.setLong(4, cutoff);
      ps.setInt(5, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    if (ids.isEmpty()) {
      return new Purged(0, Optional.empty());
    }
    SubjectCounts.Deleted deleted = new SubjectCounts.Deleted();
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM sessions WHERE id = ANY (?) AND "
                + PURGEABLE
                + " RETURNING subject, revoked_at IS NULL")) {
      ps.setArray(1, c.createArrayOf("text", ids.toArray()));
      ps.setLong(2, cutoff);
      ps.setLong(3, cutoff);
      ps.setLong(4, cutoff);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          deleted.add(rs.getString(1), rs.getBoolean(2));
        }
      }
    }
    uncount(c, deleted.unrevoked());
    deleted.forgetZeroCounts(c);
    return new Purged(
        deleted.count(), ids.size() < limit ? Optional.empty() : Optional.of(ids.getLast()));
  }

  @Override
  public long countLive(Instant now) {
    long t = nanos(now);
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT COUNT(*) FROM sessions WHERE " + LIVE_AT)) {
            ps.setLong(1, t);
            ps.setLong(2, t);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  @Override
  public boolean ping() {
    try {
      return db.read(c -> c.isValid(2));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Optional<Session> find(Connection c, SessionId id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM sessions WHERE id = ?")) {
      ps.setString(1, id.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(SessionRows.session(rs)) : Optional.empty();
      }
    }
  }
}
