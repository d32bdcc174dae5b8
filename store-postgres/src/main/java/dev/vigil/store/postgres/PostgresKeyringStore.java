package dev.vigil.store.postgres;

import dev.vigil.token.KeyringStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/**
 * {@link KeyringStore} on {@link PostgresDatabase}: one row; a save is an insert of version 1 that
 * does nothing when a row exists, or an update conditional on the version read.
 */
public final class PostgresKeyringStore implements KeyringStore {
  private final PostgresDatabase db;

  public PostgresKeyringStore(PostgresDatabase db) {
    this.db = db;
  }

  @Override
  public Optional<Versioned> load() {
    return db.read(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT version, sealed FROM keyring WHERE id = 1");
              ResultSet rs = ps.executeQuery()) {
            return rs.next()
                ? Optional.of(new Versioned(rs.getLong(1), rs.getString(2)))
                : Optional.empty();
          }
        });
  }

  @Override
  public boolean save(long expectedVersion, String sealed) {
    return db.write(
        c -> {
          if (expectedVersion == 0) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO keyring (id, version, sealed) VALUES (1, 1, ?)"
                        + " ON CONFLICT (id) DO NOTHING")) {
              ps.setString(1, sealed);
              return ps.executeUpdate() == 1;
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE keyring SET version = version + 1, sealed = ? WHERE id = 1 AND version = ?")) {
            ps.setString(1, sealed);
            ps.setLong(2, expectedVersion);
            return ps.executeUpdate() == 1;
          }
        });
  }
}
