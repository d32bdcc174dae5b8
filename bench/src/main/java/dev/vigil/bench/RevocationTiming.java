package dev.vigil.bench;

import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.server.keys.KeyringFile;
import dev.vigil.session.NewSession;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.Session;
import dev.vigil.session.SessionPolicy;
import dev.vigil.session.SessionService;
import dev.vigil.store.sqlite.SqliteAuditLog;
import dev.vigil.store.sqlite.SqliteDatabase;
import dev.vigil.store.sqlite.SqliteSessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Times, on real SQLite files with the real event log, the three costs issue 8 names:
 *
 * <ol>
 *   <li>{@code create}: milliseconds per create for a subject that already has 1, 500, 2,000 and
 *       20,000 sessions, with a cap above them all (the cap is enforced on every create);
 *   <li>{@code subject}: ending all 20,000 sessions of one subject in one call, against the same
 *       sessions ended one by one as before (a write and an event each; on 2,000, scaled);
 *   <li>{@code everything}: ending every session of 1,000,000 subjects.
 * </ol>
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.vigil.bench.RevocationTiming WORK_DIR
 * create|subject|everything [COUNT]}
 */
public final class RevocationTiming {
  private RevocationTiming() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    switch (args[1]) {
      case "create" -> create(dir);
      case "subject" -> subject(dir, args.length > 2 ? Integer.parseInt(args[2]) : 20_000);
      case "everything" -> everything(dir, args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000);
      case "batches" ->
          batches(dir, Integer.parseInt(args[2]), args.length > 3 ? args[3] : "50000,10000,5000");
      default -> throw new IllegalArgumentException("create, subject or everything");
    }
  }

  private static SessionPolicy policy(int cap) {
    return new SessionPolicy(
        Duration.ofHours(12),
        Duration.ofHours(12),
        Duration.ofDays(30),
        Duration.ofDays(30),
        Duration.ofMinutes(15),
        Duration.ofSeconds(30),
        Duration.ofDays(30),
        cap,
        Duration.ofDays(7));
  }

  /** A fresh database in its own folder, with the keyring and event log the server would use. */
  private record Node(SqliteDatabase db, SqliteSessionStore store, SessionService sessions)
      implements AutoCloseable {
    static Node open(Path dir, String name, int cap) throws Exception {
      Path data = Files.createDirectories(dir.resolve(name));
      Files.deleteIfExists(data.resolve("vigil.db"));
      Clock clock = Clock.systemUTC();
      SqliteDatabase db = SqliteDatabase.open(data.resolve("vigil.db"), Duration.ofMinutes(1));
      SqliteSessionStore store = new SqliteSessionStore(db);
      SessionService sessions =
          new SessionService(
              store, new SqliteAuditLog(db), KeyringFile.open(data, clock), policy(cap), clock);
      return new Node(db, store, sessions);
    }

    /** One live session of each of {@code n} subjects, in batches of 10,000 per transaction. */
    void fillSubjects(int n, Session template) {
      List<Session> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        batch.add(copy(template, "subject-" + i));
        if (batch.size() == 10_000) {
          store.insertAll(batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        store.insertAll(batch);
      }
    }

    /** {@code n} live sessions of {@code subject}, in batches of 10,000 per transaction. */
    void fill(String subject, int n, Session template) {
      List<Session> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        batch.add(copy(template, subject));
        if (batch.size() == 10_000) {
          store.insertAll(batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        store.insertAll(batch);
      }
    }

    @Override
    public void close() {
      db.close();
    }
  }

  private static Session copy(Session t, String subject) {
    return new Session(
        SessionId.random(new java.security.SecureRandom()),
        new Subject(subject),
        t.roles(),
        t.auth(),
        t.client(),
        t.boundToClient(),
        t.createdAt(),
        t.lifetimeStart(),
        t.lastSeenAt(),
        t.idleTimeout(),
        t.absoluteTimeout(),
        t.chain(),
        Optional.empty());
  }

  private static Session template(SessionService sessions) {
    return sessions.create(NewSession.of(new Subject("template")), "bench").session();
  }

  private static void create(Path dir) throws Exception {
    System.out.println(
        "sessions of the subject | ms per create (median of 5 x 200) | ratio to 1"
            + " | ms to read them all (what each create did before)");
    double base = 0;
    for (int existing : new int[] {1, 500, 2_000, 20_000}) {
      try (Node node = Node.open(dir, "create-" + existing, 1_000_000)) {
        node.fill("crowded", existing, template(node.sessions()));
        List<Double> rounds = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
          long start = System.nanoTime();
          for (int i = 0; i < 200; i++) {
            node.sessions().create(NewSession.of(new Subject("crowded")), "bench");
          }
          rounds.add((System.nanoTime() - start) / 1e6 / 200);
        }
        rounds.sort(Double::compare);
        double ms = rounds.get(2);
        base = existing == 1 ? ms : base;
        long read = System.nanoTime();
        int n = node.store().findBySubject(new Subject("crowded")).size();
        double readMs = (System.nanoTime() - read) / 1e6;
        System.out.printf(
            "%,23d | %34.3f | %10.2f | %.1f (%,d sessions)%n", existing, ms, ms / base, readMs, n);
      }
    }
  }

  private static void subject(Path dir, int count) throws Exception {
    for (int round = 1; round <= 3; round++) {
      try (Node node = Node.open(dir, "subject-bulk", 1_000_000)) {
        node.fill("crowded", count, template(node.sessions()));
        long start = System.nanoTime();
        int ended =
            node.sessions()
                .revokeAll(
                    new Subject("crowded"),
                    Optional.empty(),
                    RevocationCause.ALL_SESSIONS,
                    "bench");
        double bulk = (System.nanoTime() - start) / 1e6;
        System.out.printf(
            "bulk, round %d%s: ended %,d sessions of one subject in %.0f ms%n",
            round, round == 1 ? " (cold JVM)" : "", ended, bulk);
      }
    }
    try (Node node = Node.open(dir, "subject-store-only", 1_000_000)) {
      node.fill("crowded", count, template(node.sessions()));
      long start = System.nanoTime();
      int ended =
          node.store()
              .revokeSubject(
                  new Subject("crowded"),
                  Optional.empty(),
                  new dev.vigil.session.Revocation(
                      RevocationCause.ALL_SESSIONS, Clock.systemUTC().instant(), "bench"))
              .size();
      System.out.printf(
          "of which the store's set operation: %,d in %.0f ms%n",
          ended, (System.nanoTime() - start) / 1e6);
    }
    int sample = Math.min(count, 2_000);
    try (Node node = Node.open(dir, "subject-one-by-one", 1_000_000)) {
      node.fill("crowded", sample, template(node.sessions()));
      List<Session> live = node.sessions().list(new Subject("crowded"));
      long start = System.nanoTime();
      for (Session s : live) {
        node.sessions().revoke(s.id(), RevocationCause.ALL_SESSIONS, "bench");
      }
      double each = (System.nanoTime() - start) / 1e6 / live.size();
      System.out.printf(
          "one by one (as before): %.2f ms per session on %,d, so %.0f ms for %,d%n",
          each, live.size(), each * count, count);
    }
  }

  /**
   * For each batch size: {@code count} sessions ended at once while another thread creates a
   * session every 20 ms (a sign-in's write, with its event), whose waits are what the batch size
   * costs everyone else: their longest must stay well under {@code store_timeout} (2 s).
   */
  private static void batches(Path dir, int count, String sizes) throws Exception {
    for (String size : sizes.split(",")) {
      int batch = Integer.parseInt(size.strip());
      try (Node node = Node.open(dir, "batches-" + batch, 1_000_000)) {
        node.fillSubjects(count, template(node.sessions()));
        List<Long> waits = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean running =
            new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread probe =
            Thread.ofPlatform()
                .start(
                    () -> {
                      int i = 0;
                      while (running.get()) {
                        long s = System.nanoTime();
                        node.sessions().create(NewSession.of(new Subject("probe-" + i++)), "probe");
                        waits.add(System.nanoTime() - s);
                        try {
                          Thread.sleep(20);
                        } catch (InterruptedException e) {
                          return;
                        }
                      }
                    });
        long start = System.nanoTime();
        long ended =
            node.sessions().revokeEverything(RevocationCause.EVERY_SESSION, "bench", batch);
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        probe.join();
        List<Long> sorted = new ArrayList<>(waits);
        java.util.Collections.sort(sorted);
        System.out.printf(
            "batch %,d: ended %,d in %.1f s; %d creates meanwhile, median %.0f ms, p99 %.0f ms,"
                + " longest %.0f ms%n",
            batch,
            ended,
            seconds,
            sorted.size(),
            sorted.get(sorted.size() / 2) / 1e6,
            sorted.get((int) (sorted.size() * 0.99)) / 1e6,
            sorted.get(sorted.size() - 1) / 1e6);
      }
    }
  }

  private static void everything(Path dir, int count) throws Exception {
    try (Node node = Node.open(dir, "everything", 1_000_000)) {
      long fill = System.nanoTime();
      node.fillSubjects(count, template(node.sessions()));
      System.out.printf(
          "filled %,d sessions of %,d subjects in %.1f s%n",
          count, count, (System.nanoTime() - fill) / 1e9);
      long start = System.nanoTime();
      long ended = node.sessions().revokeEverything(RevocationCause.EVERY_SESSION, "bench");
      System.out.printf(
          "ended %,d sessions of every subject in %.1f s (%,d events written)%n",
          ended, (System.nanoTime() - start) / 1e9, ended + 1);
      System.out.println("live after: " + node.store().countLive(Clock.systemUTC().instant()));
    }
  }
}
