package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.ChainVerifier;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventChain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A continued chain check ({@link AuditLog#verifyChain(ChainVerifier, double)}): the verifier of an
 * intact check, fed again later, reads only the events after the last one it checked, sees that one
 * again, and goes on across a pruning. A store module whose log has an {@code events} table with
 * {@code id}, {@code reason}, {@code subject} and {@code link} columns subclasses it; its tests
 * edit the table with SQL.
 */
public abstract class ContinuedChainCheckContract {
  protected final MutableClock clock = MutableClock.standard();
  private final List<Event> written = new ArrayList<>();

  /** The log under test, empty before each test (after {@link #openLog()}). */
  protected abstract AuditLog log();

  /** Opens a new, empty log; called before each test. */
  protected abstract void openLog() throws Exception;

  /** Runs {@code statement} on the log's database with {@code params} as its text parameters. */
  protected abstract void sql(String statement, String... params);

  /** Six events a second apart. */
  @BeforeEach
  void fill() throws Exception {
    openLog();
    for (Event e : TestEvents.refusals(clock, 6)) {
      log().append(e);
      written.add(e);
    }
  }

  @Test
  void aContinuedCheck_readsOnlyTheNewEvents_andCountsTheWholeLog() {
    ChainVerifier verifier = new ChainVerifier(Optional.empty());
    assertThat(log().verifyChain(verifier, 1.0))
        .isEqualTo(new EventChain.Check(true, 6, Optional.empty(), Optional.empty()));
    // an edit that leaves every stored link as it was, behind the last event checked: only a full
    // check reads that far back (which is why the node runs one every day)
    sql("UPDATE events SET reason = 'EXPIRED_IDLE' WHERE id = ?", written.get(2).id().value());
    Event later = TestEvents.created(clock.instant(), "later");
    log().append(later);

    assertThat(log().verifyChain(verifier, 1.0))
        .isEqualTo(new EventChain.Check(true, 7, Optional.empty(), Optional.empty()));
    assertThat(log().verifyChain(verifier, 1.0).events()).isEqualTo(7);
    assertThat(log().verifyChain().firstBroken()).contains(written.get(2).id());
  }

  @Test
  void aContinuedCheck_findsAnEditAfterTheLastEventChecked() {
    ChainVerifier verifier = new ChainVerifier(Optional.empty());
    assertThat(log().verifyChain(verifier, 1.0).intact()).isTrue();
    Event later = TestEvents.created(clock.instant(), "later");
    log().append(later);
    sql("UPDATE events SET subject = 'mallory' WHERE id = ?", later.id().value());
    assertThat(log().verifyChain(verifier, 1.0).firstBroken()).contains(later.id());
  }

  @Test
  void aContinuedCheck_findsARewriteThatRelinkedTheChain_atTheLastEventChecked() {
    ChainVerifier verifier = new ChainVerifier(Optional.empty());
    assertThat(log().verifyChain(verifier, 1.0).intact()).isTrue();
    Event later = TestEvents.created(clock.instant(), "later");
    log().append(later);
    // event 2 edited and every link from it on recomputed: the links alone agree again
    List<Event> rewritten = new ArrayList<>(written);
    rewritten.add(later);
    Event edited = written.get(1);
    rewritten.set(
        1,
        new Event(
            edited.id(),
            edited.time(),
            edited.type(),
            edited.subject(),
            edited.sessionId(),
            Optional.of("EXPIRED_IDLE"),
            edited.incident(),
            edited.client(),
            edited.detail()));
    sql("UPDATE events SET reason = 'EXPIRED_IDLE' WHERE id = ?", edited.id().value());
    String link = EventChain.GENESIS;
    for (Event e : rewritten) {
      link = EventChain.link(link, e);
      sql("UPDATE events SET link = ? WHERE id = ?", link, e.id().value());
    }
    // a check that starts from the log alone cannot tell (the node's logged checkpoints can)
    assertThat(log().verifyChain().intact()).isTrue();

    EventChain.Check continued = log().verifyChain(verifier, 1.0);
    assertThat(continued.intact()).isFalse();
    assertThat(continued.firstBroken()).contains(written.get(5).id());
  }

  @Test
  void aContinuedCheck_findsTheLastEventCheckedDeleted_withOrWithoutEventsAfterIt() {
    ChainVerifier alone = new ChainVerifier(Optional.empty());
    ChainVerifier followed = new ChainVerifier(Optional.empty());
    assertThat(log().verifyChain(alone, 1.0).intact()).isTrue();
    assertThat(log().verifyChain(followed, 1.0).intact()).isTrue();
    sql("DELETE FROM events WHERE id = ?", written.get(5).id().value());

    EventChain.Check check = log().verifyChain(alone, 1.0);
    assertThat(check.intact()).isFalse();
    assertThat(check.firstBroken()).contains(written.get(5).id());

    Event after = TestEvents.created(clock.instant(), "after");
    log().append(after);
    check = log().verifyChain(followed, 1.0);
    assertThat(check.intact()).isFalse();
    assertThat(check.firstBroken()).contains(after.id());
  }

  @Test
  void aContinuedCheck_acrossAPruning_goesOnFromTheAnchor() {
    ChainVerifier behind = new ChainVerifier(Optional.empty());
    assertThat(log().verifyChain(behind, 1.0).intact()).isTrue();
    clock.advance(Duration.ofDays(1));
    // the four oldest go: the last event checked (the sixth) is still there
    assertThat(log().pruneBefore(written.get(4).time(), 100, clock.instant())).isEqualTo(4);
    EventChain.Check check = log().verifyChain(behind, 1.0);
    assertThat(check.intact()).as("%s", check).isTrue();
    assertThat(check.events()).isEqualTo(3); // the fifth, the sixth and the pruning's event
    assertThat(check.anchor().orElseThrow().seq()).isEqualTo(4);

    // then everything, the last event checked with it: the check goes on from the new anchor
    clock.advance(Duration.ofDays(1));
    assertThat(log().pruneBefore(clock.instant(), 100, clock.instant())).isEqualTo(3);
    log().append(TestEvents.created(clock.instant(), "new"));
    check = log().verifyChain(behind, 1.0);
    assertThat(check.intact()).as("%s", check).isTrue();
    assertThat(check.events()).isEqualTo(2);
    assertThat(check).isEqualTo(log().verifyChain());
  }
}
