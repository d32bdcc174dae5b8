package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.id.Subject;
import dev.vigil.session.StepUpMarkCache;
import dev.vigil.session.StepUpMarkStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every store of step-up marks must do, and the cache in front of it. */
public abstract class StepUpMarkStoreContract {
  protected final MutableClock clock = MutableClock.standard();
  private StepUpMarkStore store;

  protected abstract StepUpMarkStore newStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @Test
  void marks_areKeptUntilTheyExpire_andALaterMarkReplaces() {
    Subject ana = new Subject("usr_ana");
    Instant now = clock.instant();
    store.mark(ana, now, now.plus(Duration.ofHours(1)));
    store.mark(new Subject("usr_bo"), now, now.plusSeconds(1));
    assertThat(store.unexpired(now))
        .containsEntry(ana, new StepUpMarkStore.Mark(now, now.plus(Duration.ofHours(1))))
        .hasSize(2);

    Instant later = now.plusSeconds(10);
    store.mark(ana, later, later.plus(Duration.ofHours(2)));
    assertThat(store.unexpired(later))
        .containsOnlyKeys(ana)
        .containsEntry(ana, new StepUpMarkStore.Mark(later, later.plus(Duration.ofHours(2))));
  }

  @Test
  void cache_answersAMarkAtOnce_andAnotherNodesMarkAfterReload() {
    StepUpMarkCache here = new StepUpMarkCache(store, clock);
    StepUpMarkCache there = new StepUpMarkCache(store, clock);
    Subject ana = new Subject("usr_ana");
    here.mark(ana, clock.instant(), clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(here.since(ana)).contains(clock.instant());
    assertThat(there.since(ana)).isEmpty();
    there.reload();
    assertThat(there.since(ana)).contains(clock.instant());
    clock.advance(Duration.ofMinutes(5));
    assertThat(here.since(ana)).as("expired").isEmpty();
  }
}
