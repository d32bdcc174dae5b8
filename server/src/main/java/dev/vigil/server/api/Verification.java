package dev.vigil.server.api;

import dev.vigil.client.ClientContext;
import dev.vigil.server.anomaly.GuessingThrottle;
import dev.vigil.session.Requirements;
import dev.vigil.session.SessionService;
import dev.vigil.session.Verdict;

/**
 * Verifies a token for {@code POST /v1/sessions/verify} and a browser's session cookie for the
 * pages, through the same throttle and metrics: the address's guessing cool-down first ({@code
 * THROTTLED}), then {@link SessionService#verify} (every reason, rotation with its grace, client
 * checks), then the verdict counted by the throttle and the metrics. A cookie is therefore no
 * easier to guess, and no less audited, than an API token. Thread-safe.
 */
public final class Verification {
  private final SessionService sessions;
  private final GuessingThrottle throttle;
  private final VerifyMetrics metrics;

  /** Over the same instances the API's session routes use. */
  public Verification(SessionService sessions, GuessingThrottle throttle, VerifyMetrics metrics) {
    this.sessions = sessions;
    this.throttle = throttle;
    this.metrics = metrics;
  }

  /** The verdict on {@code token} presented by {@code client}, with no requirement. */
  public Verdict verify(String token, ClientContext client) {
    return verify(token, client, Requirements.NONE, System.nanoTime());
  }

  /**
   * The verdict on {@code token} presented by {@code client} under {@code require}: {@code
   * FORBIDDEN} when a role is missing, {@code STEP_UP_REQUIRED} when the authentication is too old
   * or its assurance level too low (neither ends the session).
   */
  public Verdict verify(String token, ClientContext client, Requirements require) {
    return verify(token, client, require, System.nanoTime());
  }

  /**
   * The verdict on {@code token} presented by {@code client} under {@code require}.
   *
   * @param startNanos when the request began ({@link System#nanoTime}), for the latency metric
   */
  Verdict verify(String token, ClientContext client, Requirements require, long startNanos) {
    Verdict v =
        throttle
            .refusal(client)
            .map(Verdict.class::cast)
            .orElseGet(() -> sessions.verify(token, client, require));
    throttle.record(client, v);
    metrics.record(v, System.nanoTime() - startNanos);
    return v;
  }
}
