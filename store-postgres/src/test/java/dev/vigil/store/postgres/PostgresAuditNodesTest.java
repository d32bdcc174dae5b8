package dev.vigil.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.Event;
import dev.vigil.audit.EventChain;
import dev.vigil.audit.EventFeed;
import dev.vigil.id.EventId;
import dev.vigil.testkit.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Several nodes (each with its own pool and log over one schema) appending at once still form one
 * chain, and a reader following the feed while they append sees every event once, in order: the
 * advisory lock hands out positions in commit order.
 */
class PostgresAuditNodesTest {
  private static final int NODES = 3;
  private static final int EACH = 200;

  /** Another node's database: its own pool over the schema of a {@link TestDatabase}. */
  static PostgresDatabase node(String schema) {
    return PostgresDatabase.open(
        new PostgresDatabase.Settings(
            TestDatabase.URL, TestDatabase.USER, Optional.empty(), schema, Duration.ofSeconds(5)));
  }

  @Test
  void threeNodesAppendingAtOnce_formOneChain_andAFeedReaderSeesEveryEventOnceInOrder()
      throws Exception {
    List<AutoCloseable> open = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(NODES + 1);
    try (TestDatabase first = TestDatabase.open()) {
      List<PostgresAuditLog> logs = new ArrayList<>();
      for (int n = 0; n < NODES; n++) {
        PostgresDatabase db = n == 0 ? first.db : node(first.schema);
        PostgresAuditLog log = new PostgresAuditLog(db);
        logs.add(log);
        open.addFirst(log);
        if (n > 0) {
          open.add(db);
        }
      }
      Set<EventId> appended = ConcurrentHashMap.newKeySet();
      CountDownLatch start = new CountDownLatch(1);
      AtomicBoolean appending = new AtomicBoolean(true);
      List<Future<?>> writers = new ArrayList<>();
      for (int n = 0; n < NODES; n++) {
        PostgresAuditLog log = logs.get(n);
        String subject = "node-" + n;
        writers.add(
            pool.submit(
                (Callable<Void>)
                    () -> {
                      start.await();
                      for (int i = 0; i < EACH; i++) {
                        Event e = event(subject);
                        log.append(e);
                        appended.add(e.id());
                      }
                      return null;
                    }));
      }
      EventFeed feed = logs.get(NODES - 1);
      Future<List<EventFeed.Sequenced>> reader =
          pool.submit(
              () -> {
                start.await();
                List<EventFeed.Sequenced> seen = new ArrayList<>();
                long cursor = 0;
                while (true) {
                  boolean last = !appending.get(); // every append committed before this page
                  EventFeed.Page page = feed.after(cursor, 50, Set.of());
                  seen.addAll(page.events());
                  cursor = page.upTo();
                  if (last && !page.more()) {
                    return seen;
                  }
                  if (page.events().isEmpty()) {
                    Thread.sleep(1);
                  }
                }
              });
      start.countDown();
      for (Future<?> w : writers) {
        w.get(2, TimeUnit.MINUTES);
      }
      appending.set(false);
      List<EventFeed.Sequenced> seen = reader.get(2, TimeUnit.MINUTES);

      EventChain.Check check = logs.getFirst().verifyChain();
      assertThat(check)
          .isEqualTo(new EventChain.Check(true, NODES * EACH, Optional.empty(), Optional.empty()));
      assertThat(seen).hasSize(NODES * EACH);
      for (int i = 1; i < seen.size(); i++) {
        assertThat(seen.get(i).seq()).isGreaterThan(seen.get(i - 1).seq());
      }
      Set<EventId> ids = new HashSet<>();
      seen.forEach(s -> ids.add(s.event().id()));
      assertThat(ids).hasSize(NODES * EACH).isEqualTo(appended);
      assertThat(
              seen.stream()
                  .filter(s -> s.event().subject().orElseThrow().value().equals("node-1"))
                  .count())
          .isEqualTo(EACH);
      for (AutoCloseable c : open) {
        c.close();
      }
      open.clear();
    } finally {
      pool.shutdownNow();
      for (AutoCloseable c : open) {
        c.close();
      }
    }
  }

  private Event event(String subject) {
    return TestEvents.created(Instant.now(), subject, Map.of("node", subject));
  }
}
