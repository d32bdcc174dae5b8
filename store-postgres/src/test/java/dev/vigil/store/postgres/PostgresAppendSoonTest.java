package dev.vigil.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.Event;
import dev.vigil.audit.EventChain;
import dev.vigil.audit.EventQuery;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.id.EventId;
import dev.vigil.id.IncidentId;
import dev.vigil.id.Subject;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events written without waiting ({@code appendSoon}) are seen by every read of the same log at
 * once, reach the database on their own a moment later, keep the chain intact when mixed with
 * waiting writes from many threads, and are all stored by close. Another node (its own pool over
 * the same schema) checks what is stored.
 */
class PostgresAppendSoonTest {
  private final SecureRandom random = new SecureRandom();
  private TestDatabase db;
  private PostgresDatabase otherNode;
  private PostgresAuditLog log;
  private PostgresAuditLog stored;

  @BeforeEach
  void open() {
    db = TestDatabase.open();
    otherNode = PostgresAuditNodesTest.node(db.schema);
    log = new PostgresAuditLog(db.db);
    stored = new PostgresAuditLog(otherNode);
  }

  @AfterEach
  void close() {
    for (AutoCloseable c : new AutoCloseable[] {log, stored, otherNode, db}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  @Test
  void readsSeeTheirOwnEvents_atOnce() {
    Event e = event("TAMPERED");
    log.appendSoon(e);
    assertThat(log.findByIncident(e.incident().orElseThrow())).hasValue(e);
    assertThat(stored.findByIncident(e.incident().orElseThrow())).hasValue(e);
  }

  @Test
  void waitingEvents_areWrittenWithoutARead() throws InterruptedException {
    log.appendSoon(event("TAMPERED"));
    log.appendSoon(event("TAMPERED"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (stored.lastSeq() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(stored.lastSeq()).isEqualTo(2);
    assertThat(stored.verifyChain().intact()).isTrue();
  }

  @Test
  void close_writesWhatStillWaits_andLaterEventsAreWrittenAtOnce() {
    for (int i = 0; i < 3; i++) {
      log.appendSoon(event("TAMPERED"));
    }
    log.close();
    assertThat(stored.lastSeq()).isEqualTo(3);
    log.appendSoon(event("TAMPERED"));
    assertThat(stored.lastSeq()).isEqualTo(4);
    assertThat(stored.verifyChain())
        .isEqualTo(new EventChain.Check(true, 4, Optional.empty(), Optional.empty()));
  }

  @Test
  void manyThreads_mixedWithWaitingWrites_chainIntact_nothingLost() throws Exception {
    int threads = 8;
    int each = 300;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
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
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdown();
    }
    log.close(); // writes whatever still waits

    var check = stored.verifyChain();
    assertThat(check.intact()).as("%s", check).isTrue();
    assertThat(check.events()).isEqualTo((long) threads * each);
    assertThat(
            stored
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
