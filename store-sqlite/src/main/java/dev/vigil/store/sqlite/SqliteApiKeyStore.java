package dev.vigil.store.sqlite;

import static dev.vigil.store.jdbc.Columns.instant;
import static dev.vigil.store.jdbc.Columns.nanos;

import dev.vigil.access.ApiKey;
import dev.vigil.access.ApiKeyStore;
import dev.vigil.access.Scope;
import dev.vigil.store.jdbc.Columns;
import dev.vigil.token.SecretHash;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@link ApiKeyStore} on {@link SqliteDatabase}. */
public final class SqliteApiKeyStore implements ApiKeyStore {
  private static final String COLUMNS = "id, name, hash, scopes, created_at, revoked_at";
  private final SqliteDatabase db;

  public SqliteApiKeyStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public boolean insert(ApiKey key) {
    return db.write(
        c -> {
          try (PreparedStatement ins =
              c.prepareStatement(
                  "INSERT INTO api_keys ("
                      + COLUMNS
                      + ") VALUES (?,?,?,?,?,?) ON CONFLICT (name) DO UPDATE SET"
                      + " id = excluded.id, hash = excluded.hash, scopes = excluded.scopes,"
                      + " created_at = excluded.created_at, revoked_at = excluded.revoked_at"
                      + " WHERE api_keys.revoked_at IS NOT NULL")) {
            bind(ins, key);
            return ins.executeUpdate() == 1;
          }
        });
  }

  private static void bind(PreparedStatement ins, ApiKey key) throws SQLException {
    ins.setString(1, key.id());
    ins.setString(2, key.name());
    ins.setBytes(3, key.hash().bytes());
    ins.setString(
        4, key.scopes().stream().map(Scope::wire).sorted().collect(Collectors.joining(",")));
    ins.setLong(5, nanos(key.createdAt()));
    Columns.set(ins, 6, key.revokedAt().map(Columns::nanos));
  }

  @Override
  public void save(ApiKey key) {
    db.write(
        c -> {
          try (PreparedStatement del = c.prepareStatement("DELETE FROM api_keys WHERE name = ?");
              PreparedStatement ins =
                  c.prepareStatement(
                      "INSERT INTO api_keys (" + COLUMNS + ") VALUES (?,?,?,?,?,?)")) {
            del.setString(1, key.name());
            del.executeUpdate();
            bind(ins, key);
            return ins.executeUpdate();
          }
        });
  }

  @Override
  public Optional<ApiKey> findByHash(SecretHash hash) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys WHERE hash = ?")) {
            ps.setBytes(1, hash.bytes());
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(key(rs)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<ApiKey> list() {
    return db.read(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, id");
              ResultSet rs = ps.executeQuery()) {
            List<ApiKey> out = new ArrayList<>();
            while (rs.next()) {
              out.add(key(rs));
            }
            return out;
          }
        });
  }

  @Override
  public boolean revoke(String idOrName, Instant at) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE api_keys SET revoked_at = ? WHERE (id = ? OR name = ?) AND revoked_at IS NULL")) {
            ps.setLong(1, nanos(at));
            ps.setString(2, idOrName);
            ps.setString(3, idOrName);
            return ps.executeUpdate() > 0;
          }
        });
  }

  private static ApiKey key(ResultSet rs) throws SQLException {
    List<Scope> scopes =
        Arrays.stream(rs.getString("scopes").split(","))
            .map(s -> Scope.ofWire(s).orElseThrow())
            .toList();
    return new ApiKey(
        rs.getString("id"),
        rs.getString("name"),
        new SecretHash(rs.getBytes("hash")),
        java.util.EnumSet.copyOf(scopes),
        instant(rs.getLong("created_at")),
        Columns.instant(rs, "revoked_at"));
  }
}
