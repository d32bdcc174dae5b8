package dev.vigil.session;

import dev.vigil.id.Subject;
import java.time.Instant;
import java.util.Optional;

/**
 * Subjects that must step up: after a person reported a sign-in as not theirs, every session of the
 * subject is refused with {@link Reason#STEP_UP_REQUIRED} unless it authenticated at or after the
 * report with a second factor (assurance level 2). Asked on every verification, so an
 * implementation answers from memory.
 */
@FunctionalInterface
public interface StepUpMarks {
  /** No subject is marked. */
  StepUpMarks NONE = subject -> Optional.empty();

  /** When the subject was marked, if it is marked now. */
  Optional<Instant> since(Subject subject);
}
