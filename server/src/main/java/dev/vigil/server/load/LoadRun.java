package dev.vigil.server.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Runs one scenario: {@code connections} threads, each with its own {@link Workload.Step} on a
 * keep-alive connection, send requests back to back for the warm-up and then for the measured time;
 * only the measured requests are counted. With a rate the requests are due on one schedule (one
 * every {@code 1/rate} seconds) that the connections share: each free connection takes the next due
 * request, as a server's many independent clients would send it, so one slow answer holds up only
 * its own connection, not a fixed share of the schedule. A request is timed from when it was due
 * (no coordinated omission). Requests the warm-up left unsent when the measured time begins are
 * dropped, so that a client's own cold start does not carry into the measured time. With a {@link
 * Control}, a second schedule of {@code GET /health/live} runs alongside on connections of its own,
 * measured apart. A step that sends several kinds of request ({@link Workload.OfParts}) has each
 * kind's latency recorded apart as well. A progress line is rewritten on {@code progress} every
 * second. The run ends early, and says so, when the request budget is spent.
 */
final class LoadRun {
  private static final long HIGHEST_MICROS = Duration.ofMinutes(1).toNanos() / 1000;

  private LoadRun() {}

  /**
   * The schedule after one request is taken at {@code now} from {@code due}: the next is one
   * interval later, and a schedule still in the warm-up when the measured time has begun jumps to
   * its start.
   */
  static long nextDue(long due, long now, long measureFrom, long interval) {
    return (due < measureFrom && now >= measureFrom ? measureFrom : due) + interval;
  }

  /**
   * Paced {@code GET /health/live} sent alongside a scenario on {@code connections} connections of
   * its own, at {@code rate} a second: a control group. Its latency in the same seconds is the
   * delay the machine and the client add to any request (a busy host, a client pause), so that a
   * scenario's latency can be read beside it on a shared machine.
   */
  record Control(double rate, int connections) {}

  /**
   * Runs {@code scenario}, and with it {@code control} when given (reported in {@link
   * Result#control}); both share the warm-up, the measured time and the request budget.
   */
  static Result run(
      Workload workload,
      Scenario scenario,
      int connections,
      Duration warmup,
      Duration measured,
      double rate,
      Optional<Control> control,
      PrintWriter progress)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    Window window = new Window(start, start + warmup.toNanos(), measured);
    Lane main = new Lane(workload.steps(scenario, connections), rate, window, "vigil-bench-");
    Optional<Lane> controlLane = Optional.empty();
    if (control.isPresent()) {
      controlLane =
          Optional.of(
              new Lane(
                  workload.steps(Scenario.LIVE, control.get().connections()),
                  control.get().rate(),
                  window,
                  "vigil-bench-control-"));
    }
    List<Thread> workers = new ArrayList<>(main.start());
    controlLane.ifPresent(c -> workers.addAll(c.start()));
    while (workers.stream().anyMatch(Thread::isAlive)) {
      Thread.sleep(1000);
      long now = System.nanoTime();
      String phase =
          now < window.measureFrom
              ? String.format("warming up %ds", (now - start) / 1_000_000_000L)
              : String.format(
                  "%ds of %ds, %,d requests, %,d errors",
                  Math.min(now - window.measureFrom, measured.toNanos()) / 1_000_000_000L,
                  measured.toSeconds(),
                  main.counted.sum(),
                  main.errors.values().stream().mapToLong(LongAdder::sum).sum());
      progress.printf("\r%-7s %-60s", scenario.wire(), phase);
      progress.flush();
    }
    progress.printf("\r%-70s\r", "");
    progress.flush();
    Optional<Result> controlResult =
        controlLane.map(
            c -> c.result(Scenario.LIVE, workload.what(Scenario.LIVE), Optional.empty()));
    return main.result(scenario, workload.what(scenario), controlResult);
  }

  /**
   * The times a run shares between its lanes: its start, the end of the warm-up, the end of the
   * measured time, and the earliest time a lane stopped on the request budget.
   */
  private static final class Window {
    final long start;
    final long measureFrom;
    final long end;
    final Duration measured;
    final AtomicLong lastEnd;
    final AtomicReference<String> stopped = new AtomicReference<>();
    final java.time.Instant wallStart;

    Window(long start, long measureFrom, Duration measured) {
      this.start = start;
      this.measureFrom = measureFrom;
      this.end = measureFrom + measured.toNanos();
      this.measured = measured;
      this.lastEnd = new AtomicLong(end);
      this.wallStart =
          java.time.Instant.now()
              .minusNanos(System.nanoTime() - start)
              .plusNanos(measureFrom - start);
    }
  }

  /** One schedule of requests over its own connections, and what it measured. */
  private static final class Lane {
    private final List<Workload.Step> steps;
    private final long interval;
    private final Window window;
    private final String threadName;
    private final Recorder latencies = new Recorder(HIGHEST_MICROS, 3);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder counted = new LongAdder();
    private final int secondsMeasured;
    private final java.util.concurrent.atomic.AtomicLongArray slow;
    private final java.util.concurrent.atomic.AtomicLongArray slowest;
    private final AtomicLong due;
    private final Map<String, Recorder> parts = new java.util.concurrent.ConcurrentSkipListMap<>();

    Lane(List<Workload.Step> steps, double rate, Window window, String threadName) {
      this.steps = steps;
      this.interval = rate > 0 ? (long) (1e9 / rate) : 0;
      this.window = window;
      this.threadName = threadName;
      this.secondsMeasured = (int) Math.min(Integer.MAX_VALUE - 1, window.measured.toSeconds() + 1);
      this.slow = new java.util.concurrent.atomic.AtomicLongArray(secondsMeasured);
      this.slowest = new java.util.concurrent.atomic.AtomicLongArray(secondsMeasured);
      this.due = new AtomicLong(window.start);
    }

    List<Thread> start() {
      List<Thread> workers = new ArrayList<>();
      for (Workload.Step step : steps) {
        workers.add(
            Thread.ofPlatform().name(threadName + workers.size()).daemon().start(() -> work(step)));
      }
      return workers;
    }

    private void work(Workload.Step step) {
      long measureFrom = window.measureFrom;
      long end = window.end;
      while (window.stopped.get() == null) {
        long t0 = System.nanoTime();
        if (interval > 0) {
          // paced: take the next due request, wait for its time, and time it from then, so that
          // a late start counts as latency (no coordinated omission). What the warm-up left unsent
          // when the measured time begins (a client that starts cold falls behind) is dropped: the
          // measured schedule starts on time, and from then on nothing is skipped.
          long now = t0;
          long taken = due.getAndUpdate(d -> nextDue(d, now, measureFrom, interval));
          long turn = taken < measureFrom && now >= measureFrom ? measureFrom : taken;
          if (turn > t0) {
            LockSupport.parkNanos(turn - t0);
          }
          t0 = turn;
        }
        if (t0 >= end) {
          return;
        }
        Optional<String> error;
        try {
          error = step.run();
        } catch (Target.OverBudget e) {
          window.stopped.compareAndSet(null, e.getMessage());
          window.lastEnd.accumulateAndGet(System.nanoTime(), Math::min);
          return;
        } catch (IOException e) {
          error = Optional.of("io " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        long t1 = System.nanoTime();
        if (t0 >= measureFrom && t1 <= end) {
          long micros = Math.min(HIGHEST_MICROS, (t1 - t0) / 1000);
          latencies.recordValue(micros);
          if (step instanceof Workload.OfParts p) {
            parts
                .computeIfAbsent(p.part(), k -> new Recorder(HIGHEST_MICROS, 3))
                .recordValue(micros);
          }
          int second = (int) Math.min(secondsMeasured - 1, (t0 - measureFrom) / 1_000_000_000L);
          slowest.accumulateAndGet(second, micros, Math::max);
          if (micros > Result.SLOW_MS * 1000L) {
            slow.incrementAndGet(second);
          }
          counted.increment();
          error.ifPresent(e -> errors.computeIfAbsent(e, k -> new LongAdder()).increment());
        }
      }
    }

    Result result(Scenario scenario, String what, Optional<Result> control) {
      Histogram h = latencies.getIntervalHistogram();
      double seconds =
          (Math.max(window.measureFrom, window.lastEnd.get()) - window.measureFrom) / 1e9;
      Map<String, Long> kinds = new java.util.HashMap<>();
      errors.forEach((k, v) -> kinds.put(k, v.sum()));
      return new Result(
          scenario,
          what,
          steps.size(),
          counted.sum(),
          kinds,
          seconds,
          h.getValueAtPercentile(50) / 1000.0,
          h.getValueAtPercentile(90) / 1000.0,
          h.getValueAtPercentile(99) / 1000.0,
          h.getMaxValue() / 1000.0,
          Optional.ofNullable(window.stopped.get()),
          java.util.stream.IntStream.range(0, secondsMeasured)
              .filter(i -> slow.get(i) > 0)
              .boxed()
              .sorted((a, b) -> Long.compare(slow.get(b), slow.get(a)))
              .limit(5)
              .map(
                  i ->
                      new Result.SlowSecond(
                          window.wallStart.plusSeconds(i), slow.get(i), slowest.get(i) / 1000.0))
              .toList(),
          control,
          parts.entrySet().stream()
              .map(
                  e -> {
                    Histogram p = e.getValue().getIntervalHistogram();
                    return new Result.Part(
                        e.getKey(),
                        p.getTotalCount(),
                        p.getValueAtPercentile(50) / 1000.0,
                        p.getValueAtPercentile(99) / 1000.0,
                        p.getMaxValue() / 1000.0);
                  })
              .toList());
    }
  }
}
