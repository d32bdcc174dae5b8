package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.notice.KnownDevices;
import dev.vigil.notice.Outbox;
import dev.vigil.notice.Outbox.Enqueue;
import dev.vigil.notice.Outbox.Message;
import dev.vigil.notice.SingleUseLinks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store of notices must do: queue each message once per channel and event together with
 * the reader's cursor, hand out due messages fairly per destination, keep delivery state, and
 * decide new devices and single-use links atomically. Subclasses give one store that is all three
 * ports.
 */
public abstract class OutboxContract {
  protected final MutableClock clock = MutableClock.standard();
  private Outbox outbox;
  private KnownDevices devices;
  private SingleUseLinks links;

  /** A fresh, empty store that implements all three ports. */
  protected abstract Object newStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    Object store = newStore();
    outbox = (Outbox) store;
    devices = (KnownDevices) store;
    links = (SingleUseLinks) store;
  }

  @Test
  void enqueue_queuesOncePerChannelAndEvent_andMovesTheCursorWithIt() {
    Enqueue mail = new Enqueue("email:user", "evt_1", "ana@example.com", "hello");
    Enqueue hook = new Enqueue("webhook:whk_1", "evt_1", "https://h.example/x", "{}");
    assertThat(outbox.enqueue("notifier", 7, List.of(mail, hook), clock.instant())).isEqualTo(2);
    assertThat(outbox.cursor("notifier")).isEqualTo(7);

    assertThat(outbox.enqueue("notifier", 9, List.of(mail), clock.instant())).isZero();
    assertThat(outbox.cursor("notifier")).isEqualTo(9);
    assertThat(outbox.recent(Optional.empty(), 10)).hasSize(2);
  }

  @Test
  void initCursor_setsOnlyTheFirstTime_andMoveCursorMovesIt() {
    assertThat(outbox.cursor("rules")).isZero();
    assertThat(outbox.initCursor("rules", 40)).isEqualTo(40);
    assertThat(outbox.initCursor("rules", 99)).isEqualTo(40);
    outbox.moveCursor("rules", 41, clock.instant());
    assertThat(outbox.cursor("rules")).isEqualTo(41);
    assertThat(outbox.cursor("other")).isZero();
  }

  @Test
  void due_isOldestFirst_andFairPerDestination() {
    for (int i = 0; i < 5; i++) {
      outbox.enqueue(
          "n", i, List.of(new Enqueue("webhook:busy", "evt_" + i, "u", "p")), clock.instant());
      clock.advance(Duration.ofSeconds(1));
    }
    outbox.enqueue(
        "n",
        9,
        List.of(new Enqueue("email:user", "evt_9", "ana@example.com", "p")),
        clock.instant());

    List<Message> due = outbox.due(clock.instant(), 2, 10);

    assertThat(due)
        .extracting(m -> m.channel() + "/" + m.eventId())
        .containsExactly("webhook:busy/evt_0", "webhook:busy/evt_1", "email:user/evt_9");
    assertThat(outbox.due(clock.instant(), 10, 3)).hasSize(3);
  }

  @Test
  void deliveryState_isKept_andRetriesWaitTheirTurn() {
    outbox.enqueue(
        "n",
        1,
        List.of(
            new Enqueue("email:user", "evt_a", "a", "p"),
            new Enqueue("email:ops", "evt_a", "o", "p")),
        clock.instant());
    List<Message> due = outbox.due(clock.instant(), 10, 10);
    Message first = due.get(0);
    Message second = due.get(1);
    Instant later = clock.instant().plusSeconds(30);

    outbox.delivered(first.seq(), 1, clock.instant());
    outbox.attemptFailed(second.seq(), 1, Optional.of(later), "x".repeat(600), clock.instant());

    assertThat(outbox.due(clock.instant(), 10, 10)).isEmpty();
    assertThat(outbox.due(later, 10, 10))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.attempts()).isEqualTo(1);
              assertThat(m.lastError()).hasValueSatisfying(e -> assertThat(e).hasSize(500));
            });
    assertThat(outbox.backlog().pending()).isEqualTo(1);
    outbox.attemptFailed(second.seq(), 2, Optional.empty(), "gone", later);
    assertThat(outbox.backlog()).isEqualTo(new Outbox.Backlog(0, 1, Optional.empty()));
    assertThat(outbox.recent(Optional.of("email:user"), 10))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.state()).isEqualTo(Outbox.State.DELIVERED);
              assertThat(m.doneAt()).isPresent();
            });
    outbox.delivered(second.seq(), 3, later);
    assertThat(outbox.recent(Optional.of("email:ops"), 1).get(0).state())
        .as("a message given up stays given up")
        .isEqualTo(Outbox.State.FAILED);
  }

  @Test
  void endpoints_areListedOldestFirst_andRemovingOneFailsItsPendingMessages() {
    Outbox.Endpoint a =
        new Outbox.Endpoint("whk_a", "https://a.example/", "k1:s", Set.of(), clock.instant());
    clock.advance(Duration.ofSeconds(1));
    Outbox.Endpoint b =
        new Outbox.Endpoint(
            "whk_b", "https://b.example/", "k1:t", Set.of("session.revoked"), clock.instant());
    outbox.addEndpoint(b);
    outbox.addEndpoint(a);
    assertThat(outbox.endpoints()).containsExactly(a, b);
    assertThat(b.wants("session.revoked")).isTrue();
    assertThat(b.wants("session.created")).isFalse();
    outbox.enqueue(
        "n", 1, List.of(new Enqueue("webhook:whk_a", "evt_1", "u", "p")), clock.instant());

    assertThat(outbox.removeEndpoint("whk_a", clock.instant())).isTrue();
    assertThat(outbox.removeEndpoint("whk_a", clock.instant())).isFalse();
    assertThat(outbox.endpoints()).containsExactly(b);
    assertThat(outbox.recent(Optional.of("webhook:whk_a"), 1).get(0).state())
        .isEqualTo(Outbox.State.FAILED);
  }

  @Test
  void rememberDevice_manyAtOnce_exactlyOneIsTold() throws Exception {
    assertThat(devices.knowsSubject("usr_1")).isFalse();
    List<Boolean> fresh =
        Races.race(
            16, i -> devices.rememberDevice("usr_1", "Firefox/203.0.113.0", clock.instant()));
    assertThat(Races.count(fresh)).isEqualTo(1);
    assertThat(devices.knowsSubject("usr_1")).isTrue();
    assertThat(devices.rememberDevice("usr_1", "Chrome/203.0.113.0", clock.instant())).isTrue();
  }

  @Test
  void useLink_manyAtOnce_exactlyOneUsesIt() throws Exception {
    assertThat(links.linkUsed("evt_link")).isFalse();
    List<Boolean> used = Races.race(16, i -> links.useLink("evt_link", clock.instant()));
    assertThat(Races.count(used)).isEqualTo(1);
    assertThat(links.linkUsed("evt_link")).isTrue();
    assertThat(links.useLink("evt_link", clock.instant())).isFalse();
  }
}
