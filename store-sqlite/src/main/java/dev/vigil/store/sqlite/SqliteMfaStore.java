package dev.vigil.store.sqlite;

import static dev.vigil.store.jdbc.Columns.nanos;

import dev.vigil.account.MfaStore;
import dev.vigil.id.UserId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link MfaStore} on {@link SqliteDatabase}. Steps, recovery codes and challenges are used with
 * conditional statements checked by their row counts, so each is used once even across processes.
 */
public final class SqliteMfaStore implements MfaStore {
  private final SqliteDatabase db;

  public SqliteMfaStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public boolean enrol(Enrolment e) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO totp_enrolments (user_id, sealed_secret, confirmed, last_step)"
                      + " VALUES (?,?,?,?) ON CONFLICT (user_id) DO UPDATE SET"
                      + " sealed_secret = excluded.sealed_secret, confirmed = excluded.confirmed,"
                      + " last_step = excluded.last_step WHERE totp_enrolments.confirmed = 0")) {
            ps.setString(1, e.user().value());
            ps.setString(2, e.sealedSecret());
            ps.setInt(3, e.confirmed() ? 1 : 0);
            ps.setLong(4, e.lastStep());
            if (ps.executeUpdate() != 1) {
              return false;
            }
          }
          try (PreparedStatement codes =
              c.prepareStatement("DELETE FROM recovery_codes WHERE user_id = ?")) {
            codes.setString(1, e.user().value());
            codes.executeUpdate();
          }
          return true;
        });
  }

  @Override
  public Optional<Enrolment> find(UserId user) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT sealed_secret, confirmed, last_step FROM totp_enrolments WHERE user_id = ?")) {
            ps.setString(1, user.value());
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(
                      new Enrolment(user, rs.getString(1), rs.getInt(2) == 1, rs.getLong(3)))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public boolean confirm(UserId user, String sealedSecret, long step, List<String> hashes) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE totp_enrolments SET confirmed = 1, last_step = ?"
                      + " WHERE user_id = ? AND confirmed = 0 AND sealed_secret = ?")) {
            ps.setLong(1, step);
            ps.setString(2, user.value());
            ps.setString(3, sealedSecret);
            if (ps.executeUpdate() != 1) {
              return false;
            }
          }
          try (PreparedStatement codes =
              c.prepareStatement("INSERT INTO recovery_codes (user_id, hash) VALUES (?,?)")) {
            for (String h : hashes) {
              codes.setString(1, user.value());
              codes.setString(2, h);
              codes.addBatch();
            }
            codes.executeBatch();
          }
          return true;
        });
  }

  @Override
  public int recoveryCodesLeft(UserId user) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT COUNT(*) FROM recovery_codes WHERE user_id = ?")) {
            ps.setString(1, user.value());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }

  @Override
  public boolean useStep(UserId user, long step) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE totp_enrolments SET last_step = ? WHERE user_id = ? AND last_step < ?")) {
            ps.setLong(1, step);
            ps.setString(2, user.value());
            ps.setLong(3, step);
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public boolean useRecoveryCode(UserId user, String hash) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM recovery_codes WHERE user_id = ? AND hash = ?")) {
            ps.setString(1, user.value());
            ps.setString(2, hash);
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public boolean remove(UserId user) {
    return db.write(
        c -> {
          try (PreparedStatement codes =
                  c.prepareStatement("DELETE FROM recovery_codes WHERE user_id = ?");
              PreparedStatement ps =
                  c.prepareStatement("DELETE FROM totp_enrolments WHERE user_id = ?")) {
            codes.setString(1, user.value());
            codes.executeUpdate();
            ps.setString(1, user.value());
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public void addChallenge(String hash, Challenge challenge, Instant expires) {
    db.write(
        c -> {
          try (PreparedStatement purge =
                  c.prepareStatement("DELETE FROM mfa_challenges WHERE expires_at < ?");
              PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO mfa_challenges (hash, user_id, expires_at, credential)"
                          + " VALUES (?,?,?,?)")) {
            purge.setLong(1, nanos(expires.minus(java.time.Duration.ofDays(1))));
            purge.executeUpdate();
            ps.setString(1, hash);
            ps.setString(2, challenge.user().value());
            ps.setLong(3, nanos(expires));
            ps.setString(4, challenge.credential());
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public Optional<Challenge> findChallenge(String hash, Instant now) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT user_id, credential FROM mfa_challenges WHERE hash = ? AND expires_at > ?")) {
            ps.setString(1, hash);
            ps.setLong(2, nanos(now));
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(new Challenge(new UserId(rs.getString(1)), rs.getString(2)))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public boolean takeChallenge(String hash) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM mfa_challenges WHERE hash = ?")) {
            ps.setString(1, hash);
            return ps.executeUpdate() == 1;
          }
        });
  }
}
