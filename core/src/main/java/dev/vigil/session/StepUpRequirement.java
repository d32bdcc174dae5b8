package dev.vigil.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a re-authentication must bring for a {@link Reason#STEP_UP_REQUIRED} verdict to become
 * valid, machine-readable: the assurance level, the freshness, and the methods that can give them
 * (RFC 8176 names). {@code authAfter} is set when the subject was marked for step-up (a "this
 * wasn't me" report): only an authentication after that time counts.
 *
 * @param aal the assurance level asked, when one was
 * @param maxAuthAge how recent the authentication must be, when asked
 * @param authAfter the authentication must be later than this, when the subject is marked
 * @param methods the methods a step-up may use: {@code otp} and {@code lookup} for a second factor,
 *     and {@code pwd} too when only freshness is asked
 */
public record StepUpRequirement(
    OptionalInt aal,
    Optional<Duration> maxAuthAge,
    Optional<Instant> authAfter,
    List<String> methods) {
  public StepUpRequirement {
    methods = List.copyOf(methods);
  }
}
