package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventFeed;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.id.EventId;
import dev.vigil.id.Subject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every event log read as a feed must do: positions that only grow, pages that a reader can
 * follow from a cursor without missing or repeating an event, across a pruning too. Subclasses give
 * one store that is both an {@link AuditLog} and an {@link EventFeed}.
 */
public abstract class EventFeedContract {
  protected final MutableClock clock = MutableClock.standard();
  private final SecureRandom random = new SecureRandom();
  private AuditLog log;
  private EventFeed feed;

  /** An empty log that is also a feed. */
  protected abstract Object newLog() throws Exception;

  @BeforeEach
  void open() throws Exception {
    Object store = newLog();
    log = (AuditLog) store;
    feed = (EventFeed) store;
  }

  @Test
  void emptyLog_hasPositionZero_andNothingAfterIt() {
    assertThat(feed.lastSeq()).isZero();
    assertThat(feed.after(0, 10, Set.of())).isEqualTo(new EventFeed.Page(List.of(), 0, false));
    assertThat(feed.checkpoint().events()).isZero();
  }

  @Test
  void aReaderFollowingTheFeedPageByPage_seesEveryEventOnce_inOrder() {
    List<Event> appended = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      appended.add(append(i % 2 == 0 ? EventType.SESSION_CREATED : EventType.VERIFY_FAILED));
    }
    List<Event> seen = new ArrayList<>();
    long cursor = 0;
    long last = 0;
    EventFeed.Page page;
    do {
      page = feed.after(cursor, 10, Set.of());
      for (EventFeed.Sequenced s : page.events()) {
        assertThat(s.seq()).isGreaterThan(last);
        last = s.seq();
        seen.add(s.event());
      }
      cursor = page.upTo();
    } while (page.more());
    assertThat(seen).containsExactlyElementsOf(appended);
    assertThat(feed.lastSeq()).isEqualTo(last);
    assertThat(feed.after(last, 10)).isEmpty();
  }

  @Test
  void aFilteredPage_coversItsPositions_evenWhenNoneMatch() {
    for (int i = 0; i < 5; i++) {
      append(EventType.SESSION_CREATED);
    }
    Event refused = append(EventType.VERIFY_FAILED);

    EventFeed.Page first = feed.after(0, 5, Set.of(EventType.VERIFY_FAILED));
    assertThat(first.events()).isEmpty();
    assertThat(first.more()).isTrue();
    EventFeed.Page second = feed.after(first.upTo(), 5, Set.of(EventType.VERIFY_FAILED));
    assertThat(second.events()).extracting(EventFeed.Sequenced::event).containsExactly(refused);
    assertThat(second.upTo()).isEqualTo(feed.lastSeq());
    assertThat(second.more()).isFalse();
  }

  @Test
  void forEachSince_handsEveryEventFromThatTimeOn() {
    append(EventType.SESSION_CREATED);
    clock.advance(Duration.ofMinutes(1));
    Instant since = clock.instant();
    Event a = append(EventType.SESSION_REVOKED);
    clock.advance(Duration.ofMinutes(1));
    Event b = append(EventType.SESSION_CREATED);
    List<Event> seen = new ArrayList<>();
    feed.forEachSince(since, seen::add);
    assertThat(seen).containsExactly(a, b);
  }

  @Test
  void positions_keepGrowingAcrossAPruning_andTheCheckpointCountsWhatWasPruned() {
    for (int i = 0; i < 4; i++) {
      append(EventType.SESSION_CREATED);
    }
    long before = feed.lastSeq();
    EventFeed.Checkpoint was = feed.checkpoint();
    assertThat(was.events()).isEqualTo(4);
    clock.advance(Duration.ofDays(1));
    log.pruneBefore(clock.instant(), 100, clock.instant());
    Event next = append(EventType.SESSION_CREATED);

    assertThat(feed.lastSeq()).isGreaterThan(before);
    assertThat(feed.after(before, 10))
        .extracting(EventFeed.Sequenced::event)
        .contains(next)
        .allSatisfy(
            e -> assertThat(e.type()).isIn(EventType.AUDIT_PRUNED, EventType.SESSION_CREATED));
    EventFeed.Checkpoint now = feed.checkpoint();
    assertThat(now.pruned()).isEqualTo(4);
    assertThat(now.events() + now.pruned()).isGreaterThan(was.events() + was.pruned());
    assertThat(now.lastLink()).isNotEqualTo(was.lastLink());
  }

  private Event append(EventType type) {
    Event e =
        new Event(
            EventId.random(random),
            clock.instant(),
            type,
            Optional.of(new Subject("feed")),
            Optional.empty(),
            type == EventType.VERIFY_FAILED ? Optional.of("EXPIRED_IDLE") : Optional.empty(),
            Optional.empty(),
            ClientContext.UNKNOWN,
            Map.of());
    log.append(e);
    return e;
  }
}
