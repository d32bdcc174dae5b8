package dev.vigil.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.notice.Outbox.Enqueue;
import dev.vigil.notice.Outbox.Message;
import dev.vigil.testkit.MutableClock;
import dev.vigil.testkit.Races;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PostgresOutbox#claimDue}: several nodes delivering at once are each handed different due
 * messages, chosen as {@link PostgresOutbox#due} chooses them, and kept off them for the lease.
 */
class PostgresOutboxClaimTest {
  private static final Duration LEASE = Duration.ofMinutes(5);

  private final MutableClock clock = MutableClock.standard();
  private final List<PostgresDatabase> nodes = new ArrayList<>();
  private TestDatabase db;
  private PostgresOutbox outbox;

  @BeforeEach
  void open() {
    db = TestDatabase.open();
    outbox = new PostgresOutbox(db.db);
  }

  @AfterEach
  void close() {
    nodes.forEach(PostgresDatabase::close);
    db.close();
  }

  /** Another node: its own pool on the same schema. */
  private PostgresOutbox node() {
    PostgresDatabase node =
        PostgresDatabase.open(
            new PostgresDatabase.Settings(
                TestDatabase.URL,
                TestDatabase.USER,
                Optional.empty(),
                db.schema,
                Duration.ofSeconds(5)));
    nodes.add(node);
    return new PostgresOutbox(node);
  }

  /** Queues {@code n} messages over three channels, one a second, oldest first. */
  private List<Long> queue(int n) {
    for (int i = 0; i < n; i++) {
      outbox.enqueue(
          "notifier",
          i + 1,
          List.of(new Enqueue("webhook:whk_" + (i % 3), "evt_" + i, "u", "p" + i)),
          clock.instant());
      clock.advance(Duration.ofSeconds(1));
    }
    return outbox.due(clock.instant(), n, n).stream().map(Message::seq).toList();
  }

  @Test
  void threeNodesAtOnce_eachMessageIsClaimedExactlyOnce() throws Exception {
    List<Long> all = queue(30);
    assertThat(all).hasSize(30);
    List<PostgresOutbox> three = List.of(node(), node(), node());
    Instant now = clock.instant();

    List<List<List<Message>>> batches =
        Races.race(
            3,
            i -> {
              List<List<Message>> mine = new ArrayList<>();
              for (int round = 0; round < 40; round++) {
                List<Message> claimed = three.get(i).claimDue(now, 4, 5, LEASE);
                if (claimed.isEmpty()) {
                  break;
                }
                mine.add(claimed);
              }
              return mine;
            });

    List<Long> claimed =
        batches.stream().flatMap(List::stream).flatMap(List::stream).map(Message::seq).toList();
    assertThat(claimed).as("every message claimed exactly once").hasSize(30);
    assertThat(claimed).containsExactlyInAnyOrderElementsOf(all);
    for (List<Message> batch : batches.stream().flatMap(List::stream).toList()) {
      assertThat(batch).hasSizeLessThanOrEqualTo(5);
      assertThat(batch.stream().collect(Collectors.groupingBy(Message::channel)).values())
          .allSatisfy(perChannel -> assertThat(perChannel).hasSizeLessThanOrEqualTo(4));
      assertThat(batch).extracting(Message::seq).isSorted();
      assertThat(batch).allSatisfy(m -> assertThat(m.nextAttemptAt()).isEqualTo(now.plus(LEASE)));
    }
    assertThat(outbox.due(now, 30, 30)).as("leased").isEmpty();
    assertThat(outbox.due(now.plus(LEASE), 30, 30)).hasSize(30);
  }

  @Test
  void aClaim_choosesWhatDueChooses() {
    for (int i = 0; i < 5; i++) {
      outbox.enqueue(
          "n", i, List.of(new Enqueue("webhook:busy", "evt_" + i, "u", "p")), clock.instant());
      clock.advance(Duration.ofSeconds(1));
    }
    outbox.enqueue(
        "n", 9, List.of(new Enqueue("email:user", "evt_9", "a@example.com", "p")), clock.instant());
    Instant now = clock.instant();
    List<Message> due = outbox.due(now, 2, 10);

    List<Message> claimed = outbox.claimDue(now, 2, 10, LEASE);

    assertThat(claimed)
        .extracting(m -> m.channel() + "/" + m.eventId())
        .containsExactly("webhook:busy/evt_0", "webhook:busy/evt_1", "email:user/evt_9");
    assertThat(claimed).extracting(Message::seq).isEqualTo(due.stream().map(Message::seq).toList());
    assertThat(outbox.claimDue(now, 10, 2, LEASE))
        .extracting(Message::eventId)
        .as("the rest of the busy destination, oldest first")
        .containsExactly("evt_2", "evt_3");
  }

  @Test
  void aClaimedMessage_isDueAgainWhenTheLeaseRunsOut_unlessItsOutcomeWasRecorded() {
    queue(2);
    Instant now = clock.instant();
    List<Message> claimed = outbox.claimDue(now, 10, 10, LEASE);
    assertThat(claimed).hasSize(2);

    assertThat(outbox.claimDue(now.plus(LEASE).minusNanos(1), 10, 10, LEASE)).isEmpty();
    outbox.delivered(claimed.get(0).seq(), 1, now.plusSeconds(1));

    assertThat(outbox.claimDue(now.plus(LEASE), 10, 10, LEASE))
        .extracting(Message::seq)
        .containsExactly(claimed.get(1).seq());
  }

  @Test
  void aClaim_skipsMessagesAnotherNodeHoldsLocked_withoutWaiting() throws Exception {
    List<Long> all = queue(6);
    try (Connection other = DriverManager.getConnection(TestDatabase.URL, TestDatabase.USER, null);
        Statement st = other.createStatement()) {
      other.setAutoCommit(false);
      st.execute("SET search_path TO " + db.schema);
      st.execute(
          "SELECT seq FROM outbox WHERE seq IN (" + all.get(0) + "," + all.get(1) + ") FOR UPDATE");

      long started = System.nanoTime();
      List<Message> claimed = outbox.claimDue(clock.instant(), 10, 10, LEASE);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(claimed).extracting(Message::seq).containsExactlyElementsOf(all.subList(2, 6));
      assertThat(took).as("no wait for the other node's locks").isLessThan(Duration.ofSeconds(2));
      other.rollback();
    }
    assertThat(outbox.claimDue(clock.instant(), 10, 10, LEASE))
        .extracting(Message::seq)
        .containsExactlyElementsOf(all.subList(0, 2));
  }

  @Test
  void aLease_mustBePositive() {
    assertThatThrownBy(() -> outbox.claimDue(clock.instant(), 1, 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
