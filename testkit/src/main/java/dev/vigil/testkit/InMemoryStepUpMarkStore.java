package dev.vigil.testkit;

import dev.vigil.id.Subject;
import dev.vigil.session.StepUpMarkStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Step-up marks in memory, for tests. Thread-safe. */
public final class InMemoryStepUpMarkStore implements StepUpMarkStore {
  private final Map<Subject, Mark> marks = new HashMap<>();

  @Override
  public synchronized void mark(Subject subject, Instant since, Instant until) {
    marks.put(subject, new Mark(since, until));
  }

  @Override
  public synchronized Map<Subject, Mark> unexpired(Instant now) {
    Map<Subject, Mark> out = new HashMap<>();
    marks.forEach(
        (s, m) -> {
          if (m.until().isAfter(now)) {
            out.put(s, m);
          }
        });
    return out;
  }
}
