package dev.vigil.session;

import dev.vigil.id.Subject;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@link StepUpMarks} answered from a copy in memory of a {@link StepUpMarkStore}: a mark made
 * through this object counts at once, one made by another node after the next {@link #reload()}.
 * Marks are rare, so the copy is every unexpired mark. Thread-safe.
 */
public final class StepUpMarkCache implements StepUpMarks {
  private final StepUpMarkStore store;
  private final Clock clock;
  private volatile Map<Subject, StepUpMarkStore.Mark> snapshot = Map.of();

  /** Reads the marks once; {@link #reload()} reads them again. */
  public StepUpMarkCache(StepUpMarkStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    reload();
  }

  @Override
  public Optional<Instant> since(Subject subject) {
    StepUpMarkStore.Mark mark = snapshot.get(subject);
    if (mark == null || !mark.until().isAfter(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(mark.since());
  }

  /** Marks {@code subject} from {@code since} until {@code until} (a later mark replaces it). */
  public void mark(Subject subject, Instant since, Instant until) {
    store.mark(subject, since, until);
    reload();
  }

  /** Re-reads the unexpired marks. */
  public void reload() {
    snapshot = Map.copyOf(store.unexpired(clock.instant()));
  }
}
