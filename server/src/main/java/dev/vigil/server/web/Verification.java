package dev.vigil.server.web;

import dev.vigil.client.ClientContext;
import dev.vigil.server.anomaly.GuessingThrottle;
import dev.vigil.server.api.VerifyMetrics;
import dev.vigil.session.Requirements;
import dev.vigil.session.SessionService;
import dev.vigil.session.Verdict;

/**
 * Verifies a browser's session cookie exactly as {@code POST /v1/sessions/verify} verifies an
 * application's token, with the same throttle and metrics instances: the address's guessing
 * cool-down first ({@code THROTTLED}), then {@link SessionService#verify} (every reason, rotation
 * with its grace, client checks), then the verdict counted by the throttle and the metrics. A
 * cookie is therefore no easier to guess, and no less audited, than an API token. Thread-safe.
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
  Verdict verify(String token, ClientContext client) {
    long start = System.nanoTime();
    Verdict v =
        throttle
            .refusal(client)
            .map(Verdict.class::cast)
            .orElseGet(() -> sessions.verify(token, client, Requirements.NONE));
    throttle.record(client, v);
    metrics.record(v, System.nanoTime() - start);
    return v;
  }
}
