package dev.vigil.server.api;

import dev.vigil.session.Reason;
import dev.vigil.session.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Counts verifications by outcome and reason ({@code vigil_verifications_total}) and times them
 * ({@code vigil_verify_seconds}, with a histogram). Counters are created once, so recording costs
 * no look-up.
 */
public final class VerifyMetrics {
  private final Counter valid;
  private final Counter renewed;
  private final Map<Reason, Counter> invalid = new EnumMap<>(Reason.class);
  private final Timer latency;

  public VerifyMetrics(MeterRegistry registry) {
    valid = counter(registry, "valid", "none");
    renewed =
        Counter.builder("vigil.rotations")
            .description("Tokens rotated automatically during verification")
            .register(registry);
    for (Reason r : Reason.values()) {
      invalid.put(r, counter(registry, "invalid", r.name()));
    }
    latency =
        Timer.builder("vigil.verify")
            .description("Time to answer a verify call, from body read to verdict")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(10_000))
            .maximumExpectedValue(Duration.ofSeconds(5))
            .register(registry);
  }

  /** Records one verdict and how long it took. */
  public void record(Verdict v, long nanos) {
    switch (v) {
      case Verdict.Valid ok -> {
        valid.increment();
        if (ok.renewedToken().isPresent()) {
          renewed.increment();
        }
      }
      case Verdict.Invalid bad -> invalid.get(bad.reason()).increment();
    }
    latency.record(nanos, TimeUnit.NANOSECONDS);
  }

  private static Counter counter(MeterRegistry registry, String outcome, String reason) {
    return Counter.builder("vigil.verifications")
        .description("Token verifications by outcome and reason")
        .tag("outcome", outcome)
        .tag("reason", reason)
        .register(registry);
  }
}
