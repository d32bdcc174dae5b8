package dev.vigil.account;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Whether the machine has a processor to spare for one more password hash: the processor time of
 * the whole machine over the last interval (the operating system's figure, {@code
 * OperatingSystemMXBean.getCpuLoad}), less what the hashing threads themselves used in it, is below
 * {@value #SPARE_BELOW} of a core. So a sign-in flood alone hashes on every core (its own requests
 * and commits take about a third of a core beside the hashes), and as soon as verifications,
 * rotations or anything else on the machine take more, hashing falls back to its steady count and
 * leaves them theirs.
 *
 * <p>Answers are recomputed at most every {@value #INTERVAL_MILLIS} ms (an interval too short to
 * measure repeats the last answer); where the operating system gives no figure the answer is no.
 * Thread-safe.
 */
final class SpareProcessor implements BooleanSupplier {
  /** Busy cores, beside hashing, below which a processor counts as spare. */
  static final double SPARE_BELOW = 0.75;

  /** The shortest interval measured. */
  static final long INTERVAL_MILLIS = 50;

  private final Supplier<Collection<Thread>> hashers;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.@org.jspecify.annotations.Nullable OperatingSystemMXBean os;
  private final int cores = Runtime.getRuntime().availableProcessors();
  private long lastWall = System.nanoTime();
  private long lastHashing;
  private boolean answer;

  /**
   * @param hashers the threads that hash, whose own processor time is not counted as others'
   */
  SpareProcessor(Supplier<Collection<Thread>> hashers) {
    this.hashers = hashers;
    this.os =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean o
            ? o
            : null;
    if (os != null) {
      os.getCpuLoad(); // starts the operating system's interval
    }
  }

  @Override
  public synchronized boolean getAsBoolean() {
    long now = System.nanoTime();
    long wall = now - lastWall;
    if (wall < INTERVAL_MILLIS * 1_000_000 || os == null) {
      return answer && os != null;
    }
    double load = os.getCpuLoad();
    long hashing = hashingNanos();
    double othersCores = load * cores - (double) (hashing - lastHashing) / wall;
    lastWall = now;
    lastHashing = hashing;
    answer = load >= 0 && othersCores < SPARE_BELOW;
    return answer;
  }

  /** The processor time of the hashing threads so far, in ns (of those alive now). */
  private long hashingNanos() {
    long sum = 0;
    for (Thread t : hashers.get()) {
      long ns = threads.getThreadCpuTime(t.threadId());
      sum += Math.max(0, ns);
    }
    return sum;
  }
}
