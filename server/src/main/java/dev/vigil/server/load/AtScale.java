package dev.vigil.server.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The at-scale measurement ({@link Scenario#SESSIONS}): one subject given {@code sessions}
 * sessions, then the server's own calls to list them all and to end them all, each timed once.
 *
 * @param created sessions the server confirmed
 * @param createSeconds the time to create them, over all connections
 * @param listed sessions in the list's answer
 * @param listSeconds the time of the one list call, in seconds
 * @param ended sessions the end-them-all call ended, as the server counts them (or as a second list
 *     shows, where it does not say)
 * @param endSeconds the time of the one end-them-all call, in seconds
 * @param refusedAfter whether a token of one of those sessions was refused afterwards
 * @param problems what went wrong, empty when nothing did
 */
public record AtScale(
    int sessions,
    long created,
    double createSeconds,
    int listed,
    double listSeconds,
    long ended,
    double endSeconds,
    boolean refusedAfter,
    List<String> problems) {
  public AtScale {
    problems = List.copyOf(problems);
  }

  /** Makes one session and says what to present later, empty when it failed. */
  interface Maker {
    Optional<String> make() throws IOException, InterruptedException;
  }

  /** Sessions made by {@link #make}: how many, in how long, and one of their tokens. */
  record Made(long count, double seconds, String anyToken) {}

  /** Calls {@code maker} {@code count} times over {@code connections} threads. */
  static Made make(int count, int connections, Maker maker) throws InterruptedException {
    AtomicLong next = new AtomicLong();
    AtomicLong made = new AtomicLong();
    AtomicReference<String> any = new AtomicReference<>("");
    long t0 = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < Math.min(connections, count); i++) {
      threads.add(
          Thread.ofPlatform()
              .name("vigil-bench-make-" + i)
              .daemon()
              .start(
                  () -> {
                    while (next.getAndIncrement() < count) {
                      try {
                        maker
                            .make()
                            .ifPresent(
                                token -> {
                                  made.incrementAndGet();
                                  any.compareAndSet("", token);
                                });
                      } catch (Target.OverBudget e) {
                        return;
                      } catch (IOException e) {
                        // counted as not made
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                      }
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    return new Made(made.get(), (System.nanoTime() - t0) / 1e9, any.get());
  }

  /**
   * Asks the server about a token of one of the ended sessions: {@code ok} and whether it was
   * refused, or the HTTP status otherwise.
   */
  interface Afterwards {
    Target.Answer ask() throws IOException, InterruptedException;
  }

  /**
   * The measurement, once the sessions were made, listed and ended: asks {@code afterwards} whether
   * a token of one is refused now ({@code refused} reads the answer), and adds what went wrong to
   * {@code problems}.
   */
  static AtScale finish(
      int sessions,
      Made made,
      int listed,
      double listSeconds,
      long ended,
      double endSeconds,
      Afterwards afterwards,
      java.util.function.Predicate<Target.Answer> refused,
      List<String> problems)
      throws InterruptedException {
    boolean refusedAfter = false;
    try {
      Target.Answer after = afterwards.ask();
      refusedAfter = after.ok() && after.json() != null && refused.test(after);
      if (!refusedAfter) {
        problems.add("a token of an ended session was not refused (" + after.status() + ")");
      }
    } catch (IOException e) {
      problems.add("a token of an ended session could not be checked: " + e.getMessage());
    }
    return new AtScale(
        sessions,
        made.count(),
        made.seconds(),
        listed,
        listSeconds,
        ended,
        endSeconds,
        refusedAfter,
        problems);
  }

  /** Seconds since {@code t0}, a {@link System#nanoTime()}. */
  static double since(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
