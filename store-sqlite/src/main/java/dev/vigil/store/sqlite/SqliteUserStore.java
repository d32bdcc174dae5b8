package dev.vigil.store.sqlite;

import static dev.vigil.store.jdbc.Columns.instant;
import static dev.vigil.store.jdbc.Columns.nanos;

import dev.vigil.account.User;
import dev.vigil.account.UserStore;
import dev.vigil.account.Username;
import dev.vigil.audit.AuditLog;
import dev.vigil.audit.Event;
import dev.vigil.id.UserId;
import dev.vigil.store.jdbc.Columns;
import dev.vigil.store.jdbc.TransactionalLog;
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

/** {@link UserStore} on {@link SqliteDatabase}; the username key is a unique column. */
public final class SqliteUserStore implements UserStore {
  private static final String COLUMNS =
      "id, username_key, username, email, roles, password_hash, created_at, disabled_at";

  private final SqliteDatabase db;

  public SqliteUserStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public boolean insert(User u) {
    return db.write(c -> insert(c, u));
  }

  /**
   * {@inheritDoc}
   *
   * <p>When {@code log} is the audit log of this database, one write: the user's insert and the
   * event's share a transaction.
   */
  @Override
  public boolean insert(User u, AuditLog log, Event created) {
    return TransactionalLog.changeWithEvent(db, log, created, c -> insert(c, u))
        .orElseGet(() -> UserStore.super.insert(u, log, created));
  }

  private static boolean insert(Connection c, User u) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO users ("
                + COLUMNS
                + ") VALUES (?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, u.id().value());
      ps.setString(2, u.username().key());
      ps.setString(3, u.username().display());
      Columns.set(ps, 4, u.email());
      ps.setString(5, String.join("\n", u.roles()));
      ps.setString(6, u.passwordHash());
      ps.setLong(7, nanos(u.createdAt()));
      Columns.set(ps, 8, u.disabledAt().map(Columns::nanos));
      return ps.executeUpdate() == 1;
    }
  }

  @Override
  public Optional<User> find(UserId id) {
    return one("id", id.value());
  }

  @Override
  public Optional<User> findByUsername(String key) {
    return one("username_key", key);
  }

  @Override
  public java.util.List<User> list(int limit) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM users ORDER BY username_key LIMIT ?")) {
            ps.setInt(1, limit);
            java.util.List<User> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(user(rs));
              }
            }
            return out;
          }
        });
  }

  @Override
  public List<User> search(String keyPrefix, int limit) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM users WHERE substr(username_key, 1, ?) = ?"
                      + " ORDER BY username_key LIMIT ?")) {
            ps.setInt(1, keyPrefix.codePointCount(0, keyPrefix.length()));
            ps.setString(2, keyPrefix);
            ps.setInt(3, limit);
            List<User> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(user(rs));
              }
            }
            return out;
          }
        });
  }

  @Override
  public boolean setPasswordHash(UserId id, String hash) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE users SET password_hash = ? WHERE id = ?")) {
            ps.setString(1, hash);
            ps.setString(2, id.value());
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public boolean replacePasswordHash(UserId id, String expected, String next) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?")) {
            ps.setString(1, next);
            ps.setString(2, id.value());
            ps.setString(3, expected);
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public Optional<User> disable(UserId id, Instant at) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE users SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL")) {
            ps.setLong(1, nanos(at));
            ps.setString(2, id.value());
            ps.executeUpdate();
          }
          return one(c, "id", id.value());
        });
  }

  @Override
  public Optional<User> setRoles(UserId id, Set<String> roles) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE users SET roles = ? WHERE id = ?")) {
            ps.setString(1, String.join("\n", new java.util.TreeSet<>(roles)));
            ps.setString(2, id.value());
            ps.executeUpdate();
          }
          return one(c, "id", id.value());
        });
  }

  @Override
  public Optional<UserId> findResetToken(String hash, Instant now) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT user_id FROM password_resets WHERE hash = ? AND expires_at > ?")) {
            ps.setString(1, hash);
            ps.setLong(2, nanos(now));
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(new UserId(rs.getString(1))) : Optional.empty();
            }
          }
        });
  }

  @Override
  public void addResetToken(String hash, UserId user, Instant expires) {
    db.write(
        c -> {
          try (PreparedStatement old =
                  c.prepareStatement("DELETE FROM password_resets WHERE user_id = ?");
              PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO password_resets (hash, user_id, expires_at) VALUES (?,?,?)")) {
            old.setString(1, user.value());
            old.executeUpdate();
            ps.setString(1, hash);
            ps.setString(2, user.value());
            ps.setLong(3, nanos(expires));
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public Optional<UserId> takeResetToken(String hash, Instant now) {
    return db.write(
        c -> {
          try (PreparedStatement del =
              c.prepareStatement(
                  "DELETE FROM password_resets WHERE hash = ? RETURNING user_id, expires_at")) {
            del.setString(1, hash);
            try (ResultSet rs = del.executeQuery()) {
              return rs.next() && rs.getLong(2) > nanos(now)
                  ? Optional.of(new UserId(rs.getString(1)))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public boolean delete(UserId id) {
    return db.write(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE id = ?")) {
            ps.setString(1, id.value());
            return ps.executeUpdate() == 1;
          }
        });
  }

  private Optional<User> one(String column, String value) {
    return db.read(c -> one(c, column, value));
  }

  private static Optional<User> one(java.sql.Connection c, String column, String value)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE " + column + " = ?")) {
      ps.setString(1, value);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(user(rs)) : Optional.empty();
      }
    }
  }

  private static User user(ResultSet rs) throws SQLException {
    Username username = new Username(rs.getString("username"), rs.getString("username_key"));
    String roles = rs.getString("roles");
    return new User(
        new UserId(rs.getString("id")),
        username,
        Columns.text(rs, "email"),
        roles.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(roles.split("\n"))),
        rs.getString("password_hash"),
        instant(rs.getLong("created_at")),
        Columns.instant(rs, "disabled_at"));
  }
}
