package dev.vigil.store.sqlite;

import static dev.vigil.store.sqlite.Columns.instant;
import static dev.vigil.store.sqlite.Columns.nanos;

import dev.vigil.id.SessionId;
import dev.vigil.session.Authentication;
import dev.vigil.session.ClientContext;
import dev.vigil.session.IpAddress;
import dev.vigil.session.Revocation;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.Session;
import dev.vigil.session.SessionPolicy;
import dev.vigil.session.SessionStore;
import dev.vigil.session.Subject;
import dev.vigil.session.TokenChain;
import dev.vigil.token.KeyId;
import dev.vigil.token.SecretHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link SessionStore} on {@link SqliteDatabase}. Compare-and-set is a conditional {@code UPDATE}
 * checked by its row count, so correctness holds across processes sharing the file.
 */
public final class SqliteSessionStore implements SessionStore {
  private static final String COLUMNS =
      "id, subject, roles, auth_methods, auth_time, aal, client_ip, client_ua, bound,"
          + " created_at, last_seen_at, idle_timeout, idle_window, absolute_timeout, generation, current_hash, current_used,"
          + " issued_at, previous_hash, successor_nonce, current_kid, superseded_below, renew_pending, revoked_cause, revoked_at, revoked_by";

  private final SqliteDatabase db;

  public SqliteSessionStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void insert(Session s) {
    insertAll(List.of(s));
  }

  /**
   * Inserts many new sessions in one transaction (imports and benchmarks); all or none are stored.
   */
  public void insertAll(List<Session> batch) {
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO sessions ("
                      + COLUMNS
                      + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (Session s : batch) {
              bind(ps, s);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  private static void bind(PreparedStatement ps, Session s) throws SQLException {
    ps.setString(1, s.id().value());
    ps.setString(2, s.subject().value());
    ps.setString(3, String.join("\n", s.roles()));
    ps.setString(4, String.join("\n", s.auth().methods()));
    ps.setLong(5, nanos(s.auth().time()));
    ps.setInt(6, s.auth().aal());
    Columns.set(ps, 7, s.client().ip().map(IpAddress::text));
    Columns.set(ps, 8, s.client().userAgent());
    ps.setInt(9, s.boundToClient() ? 1 : 0);
    ps.setLong(10, nanos(s.createdAt()));
    ps.setLong(11, nanos(s.lastSeenAt()));
    ps.setLong(12, nanos(s.idleTimeout()));
    ps.setLong(13, nanos(s.idleTimeout().plus(SessionPolicy.touchInterval(s.idleTimeout()))));
    ps.setLong(14, nanos(s.absoluteTimeout()));
    setChain(ps, 15, s.chain());
    Columns.set(ps, 24, s.revocation().map(r -> r.cause().name()));
    Columns.set(ps, 25, s.revocation().map(r -> nanos(r.at())));
    Columns.set(ps, 26, s.revocation().map(Revocation::by));
  }

  @Override
  public Optional<Session> find(SessionId id) {
    return db.read(c -> find(c, id));
  }

  @Override
  public boolean compareAndSet(SessionId id, long expectedGeneration, Session next) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE sessions SET roles = ?, auth_methods = ?, auth_time = ?, aal = ?,"
                      + " last_seen_at = MAX(last_seen_at, ?), generation = ?, current_hash = ?, current_used = ?, issued_at = ?,"
                      + " previous_hash = ?, successor_nonce = ?, current_kid = ?, superseded_below = ?,"
                      + " renew_pending = ?"
                      + " WHERE id = ? AND generation = ? AND revoked_at IS NULL")) {
            ps.setString(1, String.join("\n", next.roles()));
            ps.setString(2, String.join("\n", next.auth().methods()));
            ps.setLong(3, nanos(next.auth().time()));
            ps.setInt(4, next.auth().aal());
            ps.setLong(5, nanos(next.lastSeenAt()));
            setChain(ps, 6, next.chain());
            ps.setString(15, id.value());
            ps.setLong(16, expectedGeneration);
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public void markUsed(SessionId id, long generation, Instant seen) {
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE sessions SET current_used = 1, last_seen_at = MAX(last_seen_at, ?) WHERE id = ? AND generation = ?")) {
            ps.setLong(1, nanos(seen));
            ps.setString(2, id.value());
            ps.setLong(3, generation);
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public void touch(SessionId id, Instant seen) {
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE sessions SET last_seen_at = MAX(last_seen_at, ?) WHERE id = ?")) {
            ps.setLong(1, nanos(seen));
            ps.setString(2, id.value());
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public Optional<Session> revoke(SessionId id, Revocation r) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE sessions SET revoked_cause = ?, revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL")) {
            ps.setString(1, r.cause().name());
            ps.setLong(2, nanos(r.at()));
            ps.setString(3, r.by());
            ps.setString(4, id.value());
            ps.executeUpdate();
          }
          return find(c, id);
        });
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
            try (ResultSet rs = ps.executeQuery()) {
              List<Session> out = new ArrayList<>();
              while (rs.next()) {
                out.add(session(rs));
              }
              return out;
            }
          }
        });
  }

  @Override
  public int purge(Instant cutoff) {
    long t = nanos(cutoff);
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM sessions WHERE (revoked_at IS NOT NULL AND revoked_at < ?)"
                      + " OR created_at + absolute_timeout < ? OR last_seen_at + idle_window < ?")) {
            ps.setLong(1, t);
            ps.setLong(2, t);
            ps.setLong(3, t);
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public long countLive(Instant now) {
    long t = nanos(now);
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COUNT(*) FROM sessions WHERE revoked_at IS NULL"
                      + " AND created_at + absolute_timeout > ? AND last_seen_at + idle_window > ?")) {
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
        return rs.next() ? Optional.of(session(rs)) : Optional.empty();
      }
    }
  }

  /** Sets the eight chain columns starting at {@code i}. */
  private static void setChain(PreparedStatement ps, int i, TokenChain chain) throws SQLException {
    ps.setLong(i, chain.generation());
    ps.setBytes(i + 1, chain.currentHash().bytes());
    ps.setInt(i + 2, chain.currentUsed() ? 1 : 0);
    ps.setLong(i + 3, nanos(chain.issuedAt()));
    Columns.set(ps, i + 4, chain.previousHash().map(SecretHash::bytes));
    Columns.set(ps, i + 5, chain.successorNonce());
    ps.setString(i + 6, chain.currentKid().value());
    ps.setLong(i + 7, chain.supersededBelow());
    ps.setInt(i + 8, chain.renewPending() ? 1 : 0);
  }

  private static Session session(ResultSet rs) throws SQLException {
    TokenChain chain =
        new TokenChain(
            rs.getLong("generation"),
            new SecretHash(rs.getBytes("current_hash")),
            rs.getInt("current_used") == 1,
            instant(rs.getLong("issued_at")),
            Columns.bytes(rs, "previous_hash").map(SecretHash::new),
            Columns.bytes(rs, "successor_nonce"),
            new KeyId(rs.getString("current_kid")),
            rs.getLong("superseded_below"),
            rs.getInt("renew_pending") == 1);
    Optional<Revocation> revocation =
        Columns.text(rs, "revoked_cause").isEmpty()
            ? Optional.empty()
            : Optional.of(
                new Revocation(
                    RevocationCause.valueOf(rs.getString("revoked_cause")),
                    instant(rs.getLong("revoked_at")),
                    rs.getString("revoked_by")));
    return new Session(
        new SessionId(rs.getString("id")),
        new Subject(rs.getString("subject")),
        split(rs.getString("roles")),
        new Authentication(
            splitList(rs.getString("auth_methods")),
            instant(rs.getLong("auth_time")),
            rs.getInt("aal")),
        new ClientContext(
            Columns.text(rs, "client_ip").flatMap(IpAddress::parse), Columns.text(rs, "client_ua")),
        rs.getInt("bound") == 1,
        instant(rs.getLong("created_at")),
        instant(rs.getLong("last_seen_at")),
        Duration.ofNanos(rs.getLong("idle_timeout")),
        Duration.ofNanos(rs.getLong("absolute_timeout")),
        chain,
        revocation);
  }

  private static Set<String> split(String joined) {
    return Set.copyOf(splitList(joined));
  }

  private static List<String> splitList(String joined) {
    return joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\n"));
  }
}
