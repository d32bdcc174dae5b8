package dev.vigil.session;

import dev.vigil.id.Subject;
import java.time.Instant;
import java.util.Map;

/**
 * Where step-up marks are kept ({@link StepUpMarks} answers from a copy in memory: {@link
 * StepUpMarkCache}). Every method may throw {@link StoreUnavailableException}.
 */
public interface StepUpMarkStore {
  /** A mark: sessions authenticated before {@code since} must step up, until {@code until}. */
  record Mark(Instant since, Instant until) {}

  /** Marks {@code subject} from {@code since} until {@code until}; a later mark replaces it. */
  void mark(Subject subject, Instant since, Instant until);

  /** Every mark whose {@code until} is after {@code now}. */
  Map<Subject, Mark> unexpired(Instant now);
}
