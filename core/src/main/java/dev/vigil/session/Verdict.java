package dev.vigil.session;

import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The answer to "is this token good?": {@link Valid} or {@link Invalid}, never an exception. */
public sealed interface Verdict {

  /**
   * The token is good. When it was due for rotation, {@code renewedToken} holds its successor,
   * which the application must store in place of the token it presented.
   */
  record Valid(Session session, Optional<String> renewedToken) implements Verdict {
    @Override
    public String toString() {
      return "Valid[" + session.id() + (renewedToken.isPresent() ? ", renewed" : "") + "]";
    }
  }

  /**
   * The token is not good, and why.
   *
   * @param reason why, one of the contract's reasons
   * @param incident the id under which this verdict is recorded, for a person to quote
   * @param sessionId the session, present only when the token authenticated
   * @param revocation for {@link Reason#REVOKED}: who ended the session, when and why
   * @param missing for {@link Reason#FORBIDDEN} and {@link Reason#STEP_UP_REQUIRED}: what was
   *     missing, in words
   * @param required for {@link Reason#STEP_UP_REQUIRED}: what a re-authentication must bring,
   *     machine-readable
   * @param retryAfter for {@link Reason#THROTTLED}: how long the cool-down lasts
   * @param message a sentence for the person, with the numbers that matter
   * @param evidence facts recorded with the incident (never a token or secret)
   */
  record Invalid(
      Reason reason,
      IncidentId incident,
      Optional<SessionId> sessionId,
      Optional<Revocation> revocation,
      List<String> missing,
      Optional<StepUpRequirement> required,
      Optional<Duration> retryAfter,
      String message,
      Map<String, String> evidence)
      implements Verdict {
    public Invalid {
      missing = List.copyOf(missing);
      evidence = Map.copyOf(evidence);
    }

    /** What the application should do. */
    public Action action() {
      return reason.action();
    }
  }
}
