package dev.vigil.bench;

import dev.vigil.client.ClientContext;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.server.CachedSessionStore;
import dev.vigil.server.keys.KeyringFile;
import dev.vigil.session.IssuedToken;
import dev.vigil.session.NewSession;
import dev.vigil.session.Requirements;
import dev.vigil.session.SessionPolicy;
import dev.vigil.session.SessionService;
import dev.vigil.session.SessionStore;
import dev.vigil.session.Verdict;
import dev.vigil.store.postgres.PostgresAuditLog;
import dev.vigil.store.postgres.PostgresDatabase;
import dev.vigil.store.postgres.PostgresSessionListener;
import dev.vigil.store.postgres.PostgresSessionStore;
import dev.vigil.store.sqlite.SqliteAuditLog;
import dev.vigil.store.sqlite.SqliteDatabase;
import dev.vigil.store.sqlite.SqliteSessionStore;
import dev.vigil.token.KeyringSupplier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Create, verify (warm node cache) and explicit rotation through {@link SessionService}, on SQLite
 * and on PostgreSQL in the same run, single-threaded, in alternating rounds (medians of five after
 * one to warm up; ratios against SQLite); then the revocation lag between two nodes on PostgreSQL
 * (revoke on one, poll the other until it refuses).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.vigil.bench.StoreTiming WORK_DIR
 * [jdbc:postgresql://127.0.0.1:5432/test] [postgres]}
 */
public final class StoreTiming {
  private static final int SESSIONS = 2_000;
  private static final int VERIFY_ROUNDS = 20;

  private StoreTiming() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    String url = args.length > 1 ? args[1] : "jdbc:postgresql://127.0.0.1:5432/test";
    String user = args.length > 2 ? args[2] : "postgres";
    Clock clock = Clock.systemUTC();
    KeyringSupplier keyring = KeyringFile.open(Files.createDirectories(dir.resolve("keys")), clock);
    Files.deleteIfExists(dir.resolve("timing.db"));
    String schema = "bench_" + System.nanoTime();
    PostgresDatabase.Settings settings =
        new PostgresDatabase.Settings(url, user, Optional.empty(), schema, Duration.ofSeconds(5));
    try (SqliteDatabase lite = SqliteDatabase.open(dir.resolve("timing.db"));
        SqliteAuditLog liteLog = new SqliteAuditLog(lite);
        PostgresDatabase pg = PostgresDatabase.open(settings);
        PostgresAuditLog pgLog = new PostgresAuditLog(pg)) {
      Node sqlite = new Node("sqlite", new SqliteSessionStore(lite), liteLog, keyring, clock);
      Node postgres = new Node("postgres", new PostgresSessionStore(pg), pgLog, keyring, clock);
      List<double[]> a = new ArrayList<>();
      List<double[]> b = new ArrayList<>();
      for (int round = 0; round < 6; round++) { // alternating; the first round warms the JIT
        double[] x = sqlite.round(round);
        double[] y = postgres.round(round);
        if (round > 0) {
          a.add(x);
          b.add(y);
        }
      }
      report("sqlite", a, a);
      report("postgres", b, a);
      lag(settings, pg, pgLog, keyring, clock);
    } finally {
      try (Connection c = DriverManager.getConnection(url, user, null);
          Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  /** Medians of create ms, verify us and rotate ms over the rounds, and ratios to the baseline. */
  private static void report(String name, List<double[]> rounds, List<double[]> baseline) {
    double[] m = medians(rounds);
    double[] base = medians(baseline);
    System.out.printf(
        "%-8s create %.3f ms (%.2fx), verify warm %.2f us (%.2fx), rotate %.3f ms (%.2fx);"
            + " medians of %d rounds%n",
        name, m[0], m[0] / base[0], m[1], m[1] / base[1], m[2], m[2] / base[2], rounds.size());
  }

  private static double[] medians(List<double[]> rounds) {
    double[] out = new double[3];
    for (int k = 0; k < 3; k++) {
      List<Double> v = new ArrayList<>();
      for (double[] r : rounds) {
        v.add(r[k]);
      }
      Collections.sort(v);
      out[k] = v.get(v.size() / 2);
    }
    return out;
  }

  /** One node's session service over a store, behind a warm cache. */
  private static final class Node {
    private final String name;
    private final SessionService sessions;

    Node(
        String name,
        SessionStore store,
        dev.vigil.audit.AuditLog log,
        KeyringSupplier keyring,
        Clock clock) {
      this.name = name;
      this.sessions =
          new SessionService(
              CachedSessionStore.bounded(store, 100_000, Duration.ofSeconds(60)),
              log,
              keyring,
              SessionPolicy.defaults(),
              clock);
    }

    /**
     * Create ms, verify us (each token already in the cache: a warm node), rotate ms, each per
     * call.
     */
    double[] round(int round) {
      List<String> tokens = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < SESSIONS; i++) {
        tokens.add(
            sessions
                .create(NewSession.of(new Subject(name + "-" + round + "-" + i)), "bench")
                .token());
      }
      long created = System.nanoTime();
      for (String t : tokens) {
        sessions.verify(t, ClientContext.UNKNOWN, Requirements.NONE); // loads it into the cache
      }
      long t1 = System.nanoTime();
      for (int r = 0; r < VERIFY_ROUNDS; r++) {
        for (String t : tokens) {
          if (!(sessions.verify(t, ClientContext.UNKNOWN, Requirements.NONE)
              instanceof Verdict.Valid)) {
            throw new IllegalStateException("a fresh token did not verify");
          }
        }
      }
      long t2 = System.nanoTime();
      for (int i = 0; i < SESSIONS / 2; i++) {
        sessions.rotate(tokens.get(i), Optional.empty(), Optional.empty(), "bench");
      }
      long t3 = System.nanoTime();
      return new double[] {
        (created - t0) / 1e6 / SESSIONS,
        (t2 - t1) / 1e3 / (SESSIONS * VERIFY_ROUNDS),
        (t3 - t2) / 1e6 / (SESSIONS / 2)
      };
    }
  }

  /** Two nodes: revoke on one, poll the other every 0.2 ms until it refuses; 200 samples. */
  private static void lag(
      PostgresDatabase.Settings settings,
      PostgresDatabase pg,
      dev.vigil.audit.AuditLog log,
      KeyringSupplier keyring,
      Clock clock)
      throws Exception {
    CachedSessionStore one =
        CachedSessionStore.bounded(new PostgresSessionStore(pg), 100_000, Duration.ofSeconds(1));
    CachedSessionStore two =
        CachedSessionStore.bounded(new PostgresSessionStore(pg), 100_000, Duration.ofSeconds(1));
    SessionService a = new SessionService(one, log, keyring, SessionPolicy.defaults(), clock);
    SessionService b = new SessionService(two, log, keyring, SessionPolicy.defaults(), clock);
    try (PostgresSessionListener listening =
        PostgresSessionListener.start(
            settings,
            new PostgresSessionListener.Listener() {
              @Override
              public void changed(List<SessionId> ids, long sentAtMillis) {
                two.invalidate(ids);
              }

              @Override
              public void everything() {
                two.invalidateAll();
              }
            })) {
      while (!listening.listening()) {
        Thread.sleep(10);
      }
      List<Long> lags = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        IssuedToken t = a.create(NewSession.of(new Subject("lag-" + i)), "bench");
        b.verify(t.token(), ClientContext.UNKNOWN, Requirements.NONE); // cached on b
        long start = System.nanoTime();
        a.revoke(t.token(), "bench");
        while (b.verify(t.token(), ClientContext.UNKNOWN, Requirements.NONE)
            instanceof Verdict.Valid) {
          Thread.onSpinWait();
        }
        lags.add(System.nanoTime() - start);
      }
      Collections.sort(lags);
      System.out.printf(
          "revocation lag between two nodes: p50 %.2f ms, p99 %.2f ms, max %.2f ms (200 samples,"
              + " bound 1 s)%n",
          lags.get(100) / 1e6, lags.get(198) / 1e6, lags.get(199) / 1e6);
    }
  }
}
