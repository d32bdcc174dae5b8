package dev.vigil.store.postgres;

import dev.vigil.id.SessionId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears the session changes every node announces ({@link SessionChanges}) on a connection of its
 * own, and hands them to a {@link Listener} (a node's cache, which drops those sessions). When the
 * connection is lost, notifications sent meanwhile are lost with it: on every (re)connection the
 * listener is told that everything may have changed, before any notification is read.
 */
public final class PostgresSessionListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresSessionListener.class);
  private static final int POLL_MILLIS = 250;

  /** What a node does with the changes it hears of. */
  public interface Listener {
    /**
     * These sessions changed; {@code sentAtMillis} is when (epoch milliseconds, sender's clock).
     */
    void changed(List<SessionId> ids, long sentAtMillis);

    /** Any session may have changed (a bulk revocation, or notifications that may be lost). */
    void everything();
  }

  private final PostgresDatabase.Settings settings;
  private final Listener listener;
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean listening;

  private PostgresSessionListener(PostgresDatabase.Settings settings, Listener listener) {
    this.settings = settings;
    this.listener = listener;
    this.thread = Thread.ofPlatform().name("vigil-postgres-listener").daemon().unstarted(this::run);
  }

  /** Starts listening on a connection of its own, reconnecting whenever it is lost. */
  public static PostgresSessionListener start(
      PostgresDatabase.Settings settings, Listener listener) {
    PostgresSessionListener l = new PostgresSessionListener(settings, listener);
    l.thread.start();
    return l;
  }

  /** Whether the listening connection is up now. */
  public boolean listening() {
    return listening;
  }

  private void run() {
    while (!closed) {
      Properties p = new Properties();
      p.setProperty("user", settings.user());
      settings.password().ifPresent(pw -> p.setProperty("password", pw));
      p.setProperty("ApplicationName", "vigil-listener");
      p.setProperty("connectTimeout", Long.toString(Math.max(1, settings.timeout().toSeconds())));
      p.setProperty("tcpKeepAlive", "true");
      try (Connection c = DriverManager.getConnection(settings.url(), p);
          Statement st = c.createStatement()) {
        st.execute("LISTEN " + SessionChanges.CHANNEL);
        listening = true;
        listener.everything();
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] got = pg.getNotifications(POLL_MILLIS);
          if (got != null) {
            for (PGNotification n : got) {
              deliver(n.getParameter());
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!closed) {
          LOG.warn(
              "listening for session changes failed ({}); reconnecting, caches dropped",
              e.getMessage());
        }
      } finally {
        listening = false;
      }
      pause();
    }
  }

  private void deliver(String payload) {
    int bar = payload.indexOf('|');
    if (bar < 0) {
      listener.everything();
      return;
    }
    long sent;
    try {
      sent = Long.parseLong(payload.substring(0, bar));
    } catch (NumberFormatException e) {
      listener.everything();
      return;
    }
    String rest = payload.substring(bar + 1);
    if (rest.equals(SessionChanges.ALL)) {
      listener.everything();
      return;
    }
    List<SessionId> ids = new ArrayList<>();
    try {
      for (String id : rest.split(",")) {
        if (!id.isEmpty()) {
          ids.add(new SessionId(id));
        }
      }
    } catch (IllegalArgumentException e) {
      listener.everything();
      return;
    }
    listener.changed(ids, sent);
  }

  private void pause() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
