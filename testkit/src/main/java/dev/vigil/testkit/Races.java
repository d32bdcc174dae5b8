package dev.vigil.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs the same operation on many threads released at the same moment, for race tests. */
public final class Races {
  private Races() {}

  /**
   * Runs {@code task} on {@code threads} threads, all released by one latch once every thread is
   * waiting on it.
   *
   * @return the results, in thread order
   * @throws Exception the first failure of a task
   */
  public static <T> List<T> race(int threads, IntFunction<T> task) throws Exception {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  start.await();
                  return task.apply(n);
                }));
      }
      ready.await();
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get());
      }
      return out;
    }
  }

  /** How many of {@code results} are true. */
  public static long count(List<Boolean> results) {
    return results.stream().filter(Boolean::booleanValue).count();
  }
}
