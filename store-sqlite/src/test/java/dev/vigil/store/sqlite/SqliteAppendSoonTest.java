package dev.vigil.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.Event;
import dev.vigil.audit.EventQuery;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.id.EventId;
import dev.vigil.id.IncidentId;
import dev.vigil.id.Subject;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Events written without waiting ({@code appendSoon}) are seen by every read at once, keep the
 * chain intact when mixed with waiting writes from many threads, and are all stored by close.
 */
class SqliteAppendSoonTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void readsSeeTheirOwnEvents_atOnce() throws Exception {
    try (SqliteDatabase db = TempDatabase.open()) {
      SqliteAuditLog log = new SqliteAuditLog(db);
      Event e = event("TAMPERED");
      log.appendSoon(e);
      assertThat(log.findByIncident(e.incident().orElseThrow())).hasValue(e);
      log.close();
    }
  }

  @Test
  void manyThreads_mixedWithWaitingWrites_chainIntact_nothingLost() throws Exception {
    Path file = dev.vigil.testkit.TempPaths.directory("vigil-soon").resolve("vigil.db");
    int threads = 8;
    int each = 300;
    try (SqliteDatabase db = SqliteDatabase.open(file)) {
      SqliteAuditLog log = new SqliteAuditLog(db);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    if (i % 10 == 0 && thread % 2 == 0) {
                      log.append(event("REVOKED"));
                    } else {
                      log.appendSoon(event("TAMPERED"));
                    }
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      log.close(); // writes whatever still waits
    }
    try (SqliteDatabase again = SqliteDatabase.open(file)) {
      var check = new SqliteAuditLog(again).verifyChain();
      assertThat(check.intact()).isTrue();
      assertThat(check.events()).isEqualTo((long) threads * each);
      assertThat(
              new SqliteAuditLog(again)
                  .query(
                      new EventQuery(
                          Optional.empty(),
                          Optional.empty(),
                          Optional.empty(),
                          Optional.of("REVOKED"),
                          Optional.empty(),
                          Optional.empty(),
                          1000,
                          Optional.empty()))
                  .events())
          .hasSize(threads / 2 * each / 10);
    }
  }

  private Event event(String reason) {
    return new Event(
        EventId.random(random),
        Instant.now(),
        EventType.VERIFY_FAILED,
        Optional.of(new Subject("user")),
        Optional.empty(),
        Optional.of(reason),
        Optional.of(IncidentId.random(random)),
        ClientContext.UNKNOWN,
        Map.of());
  }
}
