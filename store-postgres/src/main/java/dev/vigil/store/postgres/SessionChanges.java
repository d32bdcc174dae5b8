package dev.vigil.store.postgres;

import dev.vigil.id.SessionId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Announces changed sessions to every node on channel {@value #CHANNEL} with {@code pg_notify},
 * inside the transaction that changed them: PostgreSQL delivers a notification only when (and once)
 * its transaction commits, so a node never hears of a change that did not happen, and hears of
 * every one that did unless its listening connection was lost meanwhile (which {@link
 * PostgresSessionListener} treats as "everything changed").
 *
 * <p>The payload is {@code <sent, epoch milliseconds>|<id>,<id>,...}, or {@code <sent>|*} for
 * "every session" (bulk revocations); ids are split over several notifications to stay under
 * PostgreSQL's 8,000-byte limit.
 */
final class SessionChanges {
  /** The notification channel. */
  static final String CHANNEL = "vigil_sessions";

  /** The payload that means every session changed. */
  static final String ALL = "*";

  private static final int MAX_PAYLOAD = 7_000;

  private SessionChanges() {}

  /** Announces {@code id} when {@code changed}; returns {@code changed}. */
  static boolean announced(Connection c, boolean changed, SessionId id) throws SQLException {
    if (changed) {
      announce(c, List.of(id));
    }
    return changed;
  }

  /** Announces that these sessions changed. */
  static void announce(Connection c, List<SessionId> ids) throws SQLException {
    String prefix = System.currentTimeMillis() + "|";
    StringBuilder payload = new StringBuilder(prefix);
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
      for (SessionId id : ids) {
        if (payload.length() + id.value().length() + 1 > MAX_PAYLOAD) {
          send(ps, payload.toString());
          payload.setLength(prefix.length());
        }
        payload.append(payload.length() > prefix.length() ? "," : "").append(id.value());
      }
      if (payload.length() > prefix.length()) {
        send(ps, payload.toString());
      }
    }
  }

  /** Announces that any session may have changed. */
  static void announceAll(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
      send(ps, System.currentTimeMillis() + "|" + ALL);
    }
  }

  private static void send(PreparedStatement ps, String payload) throws SQLException {
    ps.setString(1, payload);
    ps.execute();
  }
}
