package dev.vigil.bench;

import dev.vigil.session.StoreUnavailableException;
import dev.vigil.store.sqlite.SqliteDatabase;
import dev.vigil.store.sqlite.SqliteSessionStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Times the purge of ended sessions on a real SQLite store, and what it does to the writes that
 * arrive meanwhile: a thread queues an empty write every 5 ms for as long as the purge runs and
 * records how long each waited for its commit, and how many the store refused (its timeout, {@link
 * SqliteDatabase#DEFAULT_TIMEOUT}), and then how many sessions are left. The purge's cutoff is 13
 * hours from now, after the end of every session {@link Populate} makes (12 hours), so it deletes
 * them all.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.vigil.bench.PurgeTiming DATA_DIR}, on a copy of a
 * directory made by {@link Populate} (the purge empties it).
 */
public final class PurgeTiming {
  private static final Duration HOURS_13 = Duration.ofHours(13);

  private PurgeTiming() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    try (SqliteDatabase db = SqliteDatabase.open(data.resolve("vigil.db"))) {
      SqliteSessionStore store = new SqliteSessionStore(db);
      AtomicBoolean purging = new AtomicBoolean(true);
      long[] waits = new long[3]; // count, refused, longest (ns)
      Thread prober =
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (purging.get()) {
                      long start = System.nanoTime();
                      try {
                        db.write(c -> null);
                      } catch (StoreUnavailableException e) {
                        waits[1]++;
                      }
                      waits[0]++;
                      waits[2] = Math.max(waits[2], System.nanoTime() - start);
                      try {
                        Thread.sleep(5);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
      long start = System.nanoTime();
      String outcome;
      try {
        outcome = String.format("purged %,d sessions", store.purge(Instant.now().plus(HOURS_13)));
      } catch (StoreUnavailableException e) {
        outcome = "the purge was refused (" + e.getMessage() + ")";
      } finally {
        purging.set(false);
      }
      long took = System.nanoTime() - start;
      prober.join();
      System.out.printf(
          "%s after %,d ms; %d writes meanwhile, %d refused, the longest waited %,d ms; %,d sessions"
              + " left%n",
          outcome, took / 1_000_000, waits[0], waits[1], waits[2] / 1_000_000, stored(db));
    }
  }

  private static long stored(SqliteDatabase db) {
    return db.read(
        c -> {
          try (var st = c.createStatement();
              var rs = st.executeQuery("SELECT COUNT(*) FROM sessions")) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }
}
