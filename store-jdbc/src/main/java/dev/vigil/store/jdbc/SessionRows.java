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

  /**
   * The session in the current row of a query whose result columns start with {@link #COLUMNS}, in
   * that order. Read by position: a driver resolves a name once per result set (sqlite-jdbc by
   * comparing it with each column name in turn), and a lookup of one session is a result set of one
   * row; the names took about 6% of a rotation's request-thread time.
   */
  public static Session session(ResultSet rs) throws SQLException {
    TokenChain chain =
        new TokenChain(
            rs.getLong(GENERATION),
            new SecretHash(rs.getBytes(CURRENT_HASH)),
            rs.getInt(CURRENT_USED) == 1,
            instant(rs.getLong(ISSUED_AT)),
            Columns.bytes(rs, PREVIOUS_HASH).map(SecretHash::new),
            Columns.bytes(rs, SUCCESSOR_NONCE),
            new KeyId(rs.getString(CURRENT_KID)),
            rs.getLong(SUPERSEDED_BELOW),
            rs.getInt(RENEW_PENDING) == 1);
    Optional<String> cause = Columns.text(rs, REVOKED_CAUSE);
    Optional<Revocation> revocation =
        cause.isEmpty()
            ? Optional.empty()
            : Optional.of(
                new Revocation(
                    RevocationCause.valueOf(cause.get()),
                    instant(rs.getLong(REVOKED_AT)),
                    rs.getString(REVOKED_BY)));
    return new Session(
        new SessionId(rs.getString(ID)),
        new Subject(rs.getString(SUBJECT)),
        split(rs.getString(ROLES)),
        new Authentication(
            splitList(rs.getString(AUTH_METHODS)), instant(rs.getLong(AUTH_TIME)), rs.getInt(AAL)),
        new ClientContext(
            Columns.text(rs, CLIENT_IP).flatMap(IpAddress::parse), Columns.text(rs, CLIENT_UA)),
        rs.getInt(BOUND) == 1,
        instant(rs.getLong(CREATED_AT)),
        instant(rs.getLong(LIFETIME_START)),
        instant(rs.getLong(LAST_SEEN_AT)),
        Duration.ofNanos(rs.getLong(IDLE_TIMEOUT)),
        Duration.ofNanos(rs.getLong(ABSOLUTE_TIMEOUT)),
        chain,
        revocation);
  }

  private static final List<String> NAMES = List.of(COLUMNS.split(",\\s*"));
  private static final int ID = position("id");
  private static final int SUBJECT = position("subject");
  private static final int ROLES = position("roles");
  private static final int AUTH_METHODS = position("auth_methods");
  private static final int AUTH_TIME = position("auth_time");
  private static final int AAL = position("aal");
  private static final int CLIENT_IP = position("client_ip");
  private static final int CLIENT_UA = position("client_ua");
  private static final int BOUND = position("bound");
  private static final int CREATED_AT = position("created_at");
  private static final int LIFETIME_START = position("lifetime_start");
  private static final int LAST_SEEN_AT = position("last_seen_at");
  private static final int IDLE_TIMEOUT = position("idle_timeout");
  private static final int ABSOLUTE_TIMEOUT = position("absolute_timeout");
  private static final int GENERATION = position("generation");
  private static final int CURRENT_HASH = position("current_hash");
  private static final int CURRENT_USED = position("current_used");
  private static final int ISSUED_AT = position("issued_at");
  private static final int PREVIOUS_HASH = position("previous_hash");
  private static final int SUCCESSOR_NONCE = position("successor_nonce");
  private static final int CURRENT_KID = position("current_kid");
  private static final int SUPERSEDED_BELOW = position("superseded_below");
  private static final int RENEW_PENDING = position("renew_pending");
  private static final int REVOKED_CAUSE = position("revoked_cause");
  private static final int REVOKED_AT = position("revoked_at");
  private static final int REVOKED_BY = position("revoked_by");

  /** Where {@code name} stands in {@link #COLUMNS}, from 1. */
  private static int position(String name) {
    int i = NAMES.indexOf(name);
    if (i < 0) {
      throw new IllegalStateException(name + " is not one of the session columns");
    }
    return i + 1;
  }

  private static Set<String> split(String joined) {
    return Set.copyOf(splitList(joined));
  }

  private static List<String> splitList(String joined) {
    return joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\n"));
  }
}
