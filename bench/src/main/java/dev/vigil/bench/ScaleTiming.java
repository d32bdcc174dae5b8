package dev.vigil.bench;

import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
import dev.vigil.id.Subject;
import dev.vigil.server.CachedSessionStore;
import dev.vigil.server.keys.KeyringFile;
import dev.vigil.session.NewSession;
import dev.vigil.session.Requirements;
import dev.vigil.session.SessionPolicy;
import dev.vigil.session.SessionService;
import dev.vigil.session.SessionStore;
import dev.vigil.session.Verdict;
import dev.vigil.store.postgres.PostgresDatabase;
import dev.vigil.store.postgres.PostgresSessionStore;
import dev.vigil.store.sqlite.SqliteDatabase;
import dev.vigil.store.sqlite.SqliteSessionStore;
import dev.vigil.token.KeyringSupplier;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Verify latency as live sessions grow, per store, and the heap a cached session costs.
 *
 * <p>For each store (SQLite file, {@code synchronous=FULL}; the machine's PostgreSQL in a fresh
 * schema) and each count N: N live sessions are inserted in batches (each with one of 50 browsers
 * and addresses, so the client strings repeat as they do in life), then one node's {@link
 * SessionService} over the node cache as {@code vigil serve} builds it (SQLite: {@code cache_ttl}
 * 10 s; PostgreSQL: {@code revocation_bound} 1 s), sized to hold N, verifies:
 *
 * <ol>
 *   <li>every token once in random order (the first verification of each on this node: a store
 *       read, then cached): p50, p99;
 *   <li>200,000 tokens drawn from a hot set of 10,000 (a warm node: cached): p50, p99;
 *   <li>100,000 tokens drawn from all N (cached on SQLite within its TTL; on PostgreSQL, a session
 *       not seen within the bound is read again): p50, p99.
 * </ol>
 *
 * Then, on SQLite with a TTL long enough to keep every entry, the heap after a full GC with the N
 * cached (as many as the cache keeps) minus the heap with none: bytes per cached session. The clock
 * stands still for the whole run, so no verification also writes {@code last_seen_at} (a pass over
 * a million sessions outlasts the touch interval): the figures are verifications alone.
 *
 * <p>Usage: {@code java -Xmx4g -cp benchmarks.jar dev.vigil.bench.ScaleTiming WORK_DIR
 * [10000,100000,1000000] [sqlite,postgres] [jdbc:postgresql://127.0.0.1:5432/test] [postgres]}
 */
public final class ScaleTiming {
  private static final int HOT = 10_000;
  private static final int HOT_SAMPLES = 200_000;
  private static final int UNIFORM_SAMPLES = 100_000;

  private static Clock clock = Clock.systemUTC();

  private ScaleTiming() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    int[] counts =
        Arrays.stream((args.length > 1 ? args[1] : "10000,100000,1000000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    List<String> stores = List.of((args.length > 2 ? args[2] : "sqlite,postgres").split(","));
    String url = args.length > 3 ? args[3] : "jdbc:postgresql://127.0.0.1:5432/test";
    String user = args.length > 4 ? args[4] : "postgres";
    // one instant for the whole run: no session ages past the touch interval (3 min) while a pass
    // over a million of them runs, so every figure is a verification without a last_seen_at write
    clock = Clock.fixed(java.time.Instant.now(), java.time.ZoneOffset.UTC);
    KeyringSupplier keyring = KeyringFile.open(Files.createDirectories(dir.resolve("keys")), clock);
    System.out.println(
        "store     sessions  first verify p50/p99   hot p50/p99          uniform p50/p99");
    for (String store : stores) {
      for (int n : counts) {
        if (store.equals("sqlite")) {
          Path file = dir.resolve("scale-" + n + ".db");
          Files.deleteIfExists(file);
          try (SqliteDatabase db = SqliteDatabase.open(file)) {
            SqliteSessionStore s = new SqliteSessionStore(db);
            List<String> tokens = populate(s, s::insertAll, n, keyring, clock);
            run("sqlite", n, new CachedSessionStore(s, n, Duration.ofSeconds(10)), tokens, keyring);
            memory(n, new CachedSessionStore(s, n, Duration.ofHours(1)), tokens, keyring);
          }
          Files.deleteIfExists(file);
        } else {
          String schema = "scale_" + System.nanoTime();
          try (PostgresDatabase db =
              PostgresDatabase.open(
                  new PostgresDatabase.Settings(
                      url, user, Optional.empty(), schema, Duration.ofSeconds(30)))) {
            PostgresSessionStore s = new PostgresSessionStore(db);
            List<String> tokens = populate(s, s::insertAll, n, keyring, clock);
            try (Connection c = DriverManager.getConnection(url, user, null);
                Statement st = c.createStatement()) {
              st.execute("VACUUM ANALYZE " + schema + ".sessions");
            }
            run(
                "postgres",
                n,
                CachedSessionStore.bounded(s, n, Duration.ofSeconds(1)),
                tokens,
                keyring);
          } finally {
            try (Connection c = DriverManager.getConnection(url, user, null);
                Statement st = c.createStatement()) {
              st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
          }
        }
      }
    }
  }

  private static final String[] BROWSERS = new String[50];

  static {
    for (int i = 0; i < BROWSERS.length; i++) {
      BROWSERS[i] =
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/"
              + (100 + i)
              + ".0.0.0 Safari/537.36";
    }
  }

  private static List<String> populate(
      SessionStore store,
      java.util.function.Consumer<List<dev.vigil.session.Session>> insertAll,
      int n,
      KeyringSupplier keyring,
      Clock clock) {
    Populate.Batching batching = new Populate.Batching(store, insertAll);
    SessionService sessions =
        new SessionService(
            batching, new Populate.NoEvents(), keyring, SessionPolicy.defaults(), clock);
    List<String> tokens = new ArrayList<>(n);
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      ClientContext client =
          new ClientContext(
              IpAddress.parse("198.51.100." + (i % 50)), Optional.of(BROWSERS[i % 50]));
      tokens.add(
          sessions
              .create(
                  new NewSession(
                      new Subject("user-" + i),
                      java.util.Set.of("user"),
                      Optional.empty(),
                      client,
                      Optional.empty(),
                      Optional.empty(),
                      false),
                  "bench")
              .token());
    }
    batching.flush();
    System.err.printf(
        "  inserted %,d sessions in %,d ms%n", n, (System.nanoTime() - t0) / 1_000_000);
    return tokens;
  }

  private static SessionService node(SessionStore cache, KeyringSupplier keyring) {
    return new SessionService(
        cache, new Populate.NoEvents(), keyring, SessionPolicy.defaults(), clock);
  }

  private static void run(
      String store, int n, CachedSessionStore cache, List<String> tokens, KeyringSupplier keyring) {
    SessionService sessions = node(cache, keyring);
    List<String> shuffled = new ArrayList<>(tokens);
    Collections.shuffle(shuffled, new java.util.Random(7));
    long[] first = new long[shuffled.size()];
    for (int i = 0; i < shuffled.size(); i++) {
      first[i] = timed(sessions, shuffled.get(i));
    }
    SplittableRandom random = new SplittableRandom(11);
    int hot = Math.min(HOT, n);
    for (int i = 0; i < HOT_SAMPLES; i++) { // warm-up of the hot path
      timed(sessions, tokens.get(random.nextInt(hot)));
    }
    long[] hotTimes = new long[HOT_SAMPLES];
    for (int i = 0; i < HOT_SAMPLES; i++) {
      hotTimes[i] = timed(sessions, tokens.get(random.nextInt(hot)));
    }
    long[] uniform = new long[UNIFORM_SAMPLES];
    for (int i = 0; i < UNIFORM_SAMPLES; i++) {
      uniform[i] = timed(sessions, tokens.get(random.nextInt(n)));
    }
    System.out.printf("%-9s %,9d  %s   %s   %s%n", store, n, pq(first), pq(hotTimes), pq(uniform));
    cache.invalidateAll(); // nothing of this node stays in the heap the next figure measures
  }

  private static long timed(SessionService sessions, String token) {
    long t = System.nanoTime();
    Verdict v = sessions.verify(token, ClientContext.UNKNOWN, Requirements.NONE);
    long d = System.nanoTime() - t;
    if (!(v instanceof Verdict.Valid)) {
      throw new IllegalStateException("a live token did not verify: " + v);
    }
    return d;
  }

  private static String pq(long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return String.format("%7.1f/%7.1f µs", s[s.length / 2] / 1e3, s[(int) (s.length * 0.99)] / 1e3);
  }

  private static void memory(
      int n, CachedSessionStore cache, List<String> tokens, KeyringSupplier keyring) {
    SessionService sessions = node(cache, keyring);
    long before = usedAfterGc();
    for (String t : tokens) {
      timed(sessions, t);
    }
    long after = usedAfterGc();
    long cached = cache.cachedSessions();
    System.out.printf(
        "sqlite    %,9d  %,d cached, heap %,d MB: %d bytes per cached session%n",
        n, cached, (after - before) >> 20, (after - before) / cached);
    sessions.verify(tokens.get(0), ClientContext.UNKNOWN, Requirements.NONE); // keep it reachable
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
