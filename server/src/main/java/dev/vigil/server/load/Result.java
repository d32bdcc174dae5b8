package dev.vigil.server.load;

import java.util.List;
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
 * @param slowSeconds the measured seconds with the most requests over {@link #SLOW_MS}, most first
 *     (at most five): when a stall happened, to set beside the server's own records
 * @param control the paced {@code /health/live} requests sent alongside on connections of their
 *     own, when asked for ({@code --control-rate}): the delay the machine and the client added in
 *     the same seconds
 * @param parts for a scenario of several kinds of request (the mix), each kind's own figures, by
 *     name; empty otherwise
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
    Optional<String> stopped,
    List<SlowSecond> slowSeconds,
    Optional<Result> control,
    List<Part> parts) {
  /** A request slower than this, in milliseconds, is counted in {@link #slowSeconds}. */
  public static final int SLOW_MS = 100;

  public Result {
    errors = new TreeMap<>(errors);
    slowSeconds = List.copyOf(slowSeconds);
    parts = List.copyOf(parts);
  }

  /**
   * One second of the measured time (wall clock, UTC, its start): how many requests due in it took
   * over {@link #SLOW_MS}, and the slowest.
   */
  public record SlowSecond(java.time.Instant at, long slow, double maxMs) {}

  /** One kind of request within a scenario: how many were measured, and their latency in ms. */
  public record Part(String name, long requests, double p50, double p99, double max) {}

  long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Requests per second, errors included. */
  double rate() {
    return seconds > 0 ? requests / seconds : 0;
  }
}
