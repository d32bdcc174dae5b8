package dev.vigil.store.jdbc;

import static dev.vigil.store.jdbc.Columns.instant;
import static dev.vigil.store.jdbc.Columns.nanos;

import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.session.Authentication;
import dev.vigil.session.Revocation;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.Session;
import dev.vigil.session.SessionPolicy;
import dev.vigil.session.TokenChain;
import dev.vigil.token.KeyId;
import dev.vigil.token.SecretHash;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A session as one row of table {@code sessions}, the same in every SQL store: the columns, how a
 * session is bound to an insert, and how a row is read back. Times and durations are nanoseconds
 * ({@link Columns}); roles and methods are joined with newlines.
 */
public final class SessionRows {
  private SessionRows() {}

  /** Every column of a session row, in the order {@link #bind} sets them. */
  public static final String COLUMNS =
      "id, subject, roles, auth_methods, auth_time, aal, client_ip, client_ua, bound,"
          + " created_at, lifetime_start, last_seen_at, idle_timeout, idle_window, absolute_timeout,"
          + " generation, current_hash, current_used, issued_at, previous_hash, successor_nonce,"
          + " current_kid, superseded_below, renew_pending, revoked_cause, revoked_at, revoked_by";

  /** Sets the 27 parameters of an insert of {@link #COLUMNS}, from 1. */
  public static void bind(PreparedStatement ps, Session s) throws SQLException {
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
    ps.setLong(11, nanos(s.lifetimeStart()));
    ps.setLong(12, nanos(s.lastSeenAt()));
    ps.setLong(13, nanos(s.idleTimeout()));
    ps.setLong(14, nanos(s.idleTimeout().plus(SessionPolicy.touchInterval(s.idleTimeout()))));
    ps.setLong(15, nanos(s.absoluteTimeout()));
    setChain(ps, 16, s.chain());
    Columns.set(ps, 25, s.revocation().map(r -> r.cause().name()));
    Columns.set(ps, 26, s.revocation().map(r -> nanos(r.at())));
    Columns.set(ps, 27, s.revocation().map(Revocation::by));
  }

  /** Sets the nine chain columns starting at parameter {@code i}. */
  public static void setChain(PreparedStatement ps, int i, TokenChain chain) throws SQLException {
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

  /** The session in the current row of a query of {@link #COLUMNS}. */
  public static Session session(ResultSet rs) throws SQLException {
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
        instant(rs.getLong("lifetime_start")),
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
