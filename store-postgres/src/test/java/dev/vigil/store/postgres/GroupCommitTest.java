package dev.vigil.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.audit.Event;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.id.EventId;
import dev.vigil.id.Subject;
import dev.vigil.session.StoreUnavailableException;
import dev.vigil.testkit.Races;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Appends of many threads share transactions, each returns once its own events are written, a
 * refused value fails only its own caller, and a caller never waits past its bound.
 */
class GroupCommitTest {
  private final SecureRandom random = new SecureRandom();
  private final List<Event> stored = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger transactions = new AtomicInteger();

  private Event event(String subject) {
    Instant now = Instant.now();
    return new Event(
        EventId.at(now, random),
        now,
        EventType.SESSION_CREATED,
        Optional.of(new Subject(subject)),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        ClientContext.UNKNOWN,
        Map.of());
  }

  /** A database that takes 2 ms a transaction and refuses any event of subject "poison". */
  private void slowWriter(List<Event> batch) {
    transactions.incrementAndGet();
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (batch.stream().anyMatch(e -> e.subject().orElseThrow().value().equals("poison"))) {
      throw new StoreUnavailableException(
          "PostgreSQL: invalid byte sequence", new SQLException("refused", "22021"));
    }
    stored.addAll(batch);
  }

  @Test
  void concurrentAppends_shareTransactions_andEachIsStoredOnceInItsOrder() throws Exception {
    GroupCommit commit = new GroupCommit(this::slowWriter, Duration.ofSeconds(5));
    List<Boolean> done =
        Races.race(
            16,
            i -> {
              for (int k = 0; k < 20; k++) {
                commit.append(List.of(event("t" + i + "-" + k), event("t" + i + "-" + k + "b")));
              }
              return true;
            });
    assertThat(done).containsOnly(true);
    assertThat(stored).hasSize(16 * 20 * 2);
    assertThat(stored.stream().map(Event::id).distinct()).hasSize(stored.size());
    assertThat(transactions.get()).as("fewer transactions than appends").isLessThan(16 * 20 / 2);
    for (int i = 0; i < stored.size(); i += 2) { // a caller's events stay together, in order
      String first = stored.get(i).subject().orElseThrow().value();
      assertThat(stored.get(i + 1).subject().orElseThrow().value()).isEqualTo(first + "b");
    }
  }

  @Test
  void aRefusedValue_failsOnlyItsOwnCaller() throws Exception {
    GroupCommit commit = new GroupCommit(this::slowWriter, Duration.ofSeconds(5));
    List<String> outcome =
        Races.race(
            8,
            i -> {
              try {
                commit.append(List.of(event(i == 3 ? "poison" : "fine-" + i)));
                return "stored";
              } catch (StoreUnavailableException e) {
                return "refused";
              }
            });
    assertThat(outcome)
        .containsExactly(
            "stored", "stored", "stored", "refused", "stored", "stored", "stored", "stored");
    assertThat(stored).hasSize(7);
  }

  @Test
  void aCallerBehindAStuckTransaction_givesUpWithinItsWait_andIsNeverWritten() throws Exception {
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    GroupCommit commit =
        new GroupCommit(
            batch -> {
              if (batch.getFirst().subject().orElseThrow().value().equals("first")) {
                stuck.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              stored.addAll(batch);
            },
            Duration.ofMillis(200));
    Thread first = Thread.ofPlatform().start(() -> commit.append(List.of(event("first"))));
    stuck.await(); // the writer is inside the first transaction, which hangs
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> commit.append(List.of(event("second"))))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    release.countDown();
    first.join();
    commit.append(List.of(event("third")));
    assertThat(stored.stream().map(e -> e.subject().orElseThrow().value()))
        .containsExactly("first", "third");
  }
}
