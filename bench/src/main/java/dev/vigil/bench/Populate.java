package dev.vigil.bench;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventPage;
import dev.vigil.audit.EventQuery;
import dev.vigil.audit.EventType;
import dev.vigil.client.IpAddress;
import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.server.keys.KeyringFile;
import dev.vigil.session.NewSession;
import dev.vigil.session.Revocation;
import dev.vigil.session.Session;
import dev.vigil.session.SessionPolicy;
import dev.vigil.session.SessionService;
import dev.vigil.session.SessionStore;
import dev.vigil.store.sqlite.SqliteDatabase;
import dev.vigil.store.sqlite.SqliteSessionStore;
import dev.vigil.testkit.ForwardingSessionStore;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fills a data directory with N live sessions (one subject each) through the real {@link
 * SessionService}, inserting in batches of 10,000 per transaction, and writes their tokens to a
 * file, one per line. Events are not written (the figure it serves is memory per live session).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.vigil.bench.Populate DATA_DIR COUNT TOKENS_FILE}
 */
public final class Populate {
  private Populate() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    Path tokens = Path.of(args[2]);
    Files.createDirectories(data);
    Clock clock = Clock.systemUTC();
    KeyringFile keyring = KeyringFile.open(data, clock);
    try (SqliteDatabase db = SqliteDatabase.open(data.resolve("vigil.db"));
        BufferedWriter out = Files.newBufferedWriter(tokens)) {
      SqliteSessionStore sqlite = new SqliteSessionStore(db);
      Batching store = new Batching(sqlite, sqlite::insertAll);
      SessionPolicy policy =
          new SessionPolicy(
              Duration.ofHours(12),
              Duration.ofHours(12),
              Duration.ofDays(30),
              Duration.ofDays(30),
              Duration.ofMinutes(15),
              Duration.ofSeconds(30),
              Duration.ofDays(30),
              100,
              Duration.ofDays(7));
      SessionService sessions = new SessionService(store, new NoEvents(), keyring, policy, clock);
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        out.write(sessions.create(NewSession.of(new Subject("bench-" + i)), "bench").token());
        out.newLine();
      }
      store.flush();
      System.out.printf(
          "inserted %d sessions in %d ms%n", count, (System.nanoTime() - start) / 1_000_000);
    }
  }

  /** Buffers inserts and writes them 10,000 per transaction; subjects are all distinct. */
  static final class Batching extends ForwardingSessionStore {
    private final SessionStore store;
    private final java.util.function.Consumer<List<Session>> insertAll;
    private final List<Session> pending = new ArrayList<>();

    /**
     * Inserts through {@code insertAll} (the store's batch insert), reads through {@code store}.
     */
    Batching(SessionStore store, java.util.function.Consumer<List<Session>> insertAll) {
      this.store = store;
      this.insertAll = insertAll;
    }

    @Override
    protected SessionStore delegate() {
      return store;
    }

    void flush() {
      insertAll.accept(pending);
      pending.clear();
    }

    @Override
    public List<Session> insert(Session session, int maxPerSubject, Revocation eviction) {
      pending.add(session);
      if (pending.size() == 10_000) {
        flush();
      }
      return List.of();
    }

    @Override
    public List<Session> findBySubject(Subject subject) {
      return List.of();
    }
  }

  /** Drops events: the population run measures sessions only. */
  static final class NoEvents implements AuditLog {
    @Override
    public void append(Event event) {}

    @Override
    public EventPage query(EventQuery query) {
      return new EventPage(List.of(), Optional.empty());
    }

    @Override
    public Optional<Event> findByIncident(IncidentId incident) {
      return Optional.empty();
    }

    @Override
    public List<Event> timeline(SessionId session, int limit) {
      return List.of();
    }

    @Override
    public dev.vigil.audit.EventChain.Check verifyChain() {
      return new dev.vigil.audit.EventChain.Check(true, 0, Optional.empty(), Optional.empty());
    }

    @Override
    public dev.vigil.audit.InvalidStats invalidStats(
        Instant from,
        Instant until,
        int buckets,
        dev.vigil.audit.StatsDimension by,
        java.util.function.UnaryOperator<String> refine) {
      return new dev.vigil.audit.InvalidStatsTally(from, until, buckets, by, refine).result();
    }

    @Override
    public int pruneBefore(Instant cutoff, int batch, Instant now) {
      return 0;
    }

    @Override
    public long count(EventType type, String reason, IpAddress ip, Instant from, Instant until) {
      return 0;
    }
  }
}
