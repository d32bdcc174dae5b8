package dev.vigil.server.load;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one scenario measured after its warm-up: requests answered as expected and not, over how
 * long, and the latency of all of them in milliseconds (HdrHistogram, 3 significant digits).
 *
 * @param what what the scenario sends to this server ({@code POST /v1/sessions/verify})
 * @param errors requests not answered as expected, by kind ({@code status 503}, {@code io})
 * @param stopped why the run ended before its time, if it did (the request budget)
 */
public record Result(
    Scenario scenario,
    String what,
    int connections,
    long requests,
    Map<String, Long> errors,
    double seconds,
    double p50,
    double p90,
    double p99,
    double max,
    Optional<String> stopped) {
  public Result {
    errors = new TreeMap<>(errors);
  }

  long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Requests per second, errors included. */
  double rate() {
    return seconds > 0 ? requests / seconds : 0;
  }
}
