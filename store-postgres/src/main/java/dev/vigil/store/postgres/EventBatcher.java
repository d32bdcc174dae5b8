package dev.vigil.store.postgres;

import dev.vigil.audit.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events added without waiting ({@link dev.vigil.audit.AuditLog#appendSoon}), written in batches: a
 * background thread writes every waiting event a window after the first of them arrived, in batches
 * of at most {@value #MAX_BATCH} (one transaction each).
 *
 * <p>Every write of waiting events holds one lock, so {@link #flush} returns only once the events
 * added before it are committed: a reader that flushes first sees its own events, even those the
 * background thread had already taken but not yet committed. When more than {@value #MAX_WAITING}
 * events wait, the thread adding one writes them itself (back-pressure, so a flood cannot grow the
 * queue without bound while the database is slow). Thread-safe.
 */
final class EventBatcher implements AutoCloseable {
  /** The most events waiting before {@link #add} writes them itself. */
  static final int MAX_WAITING = 10_000;

  /** The most events written in one transaction. */
  static final int MAX_BATCH = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(EventBatcher.class);

  private final Duration window;
  private final Consumer<List<Event>> writer;
  private final ConcurrentLinkedQueue<Event> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger unwritten = new AtomicInteger();
  private final AtomicBoolean drainQueued = new AtomicBoolean();
  private final ReentrantLock writing = new ReentrantLock();
  private final ScheduledThreadPoolExecutor timer =
      new ScheduledThreadPoolExecutor(
          1, r -> Thread.ofPlatform().name("vigil-event-batcher").daemon().unstarted(r));

  /**
   * A batcher that hands batches to {@code writer}, which stores them in one transaction or throws
   * a {@link RuntimeException}.
   *
   * @param window how long the first waiting event may wait
   */
  EventBatcher(Duration window, Consumer<List<Event>> writer) {
    this.window = window;
    this.writer = writer;
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /**
   * Queues {@code e}. Once closed, or when too many events wait, it writes them at once instead.
   *
   * @throws dev.vigil.session.StoreUnavailableException only when it writes at once and that fails
   */
  void add(Event e) {
    unwritten.incrementAndGet();
    waiting.add(e);
    if (unwritten.get() > MAX_WAITING) {
      flush();
      return;
    }
    if (drainQueued.compareAndSet(false, true)) {
      try {
        timer.schedule(this::drainLater, window.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException closed) {
        flush();
      }
    }
  }

  /**
   * Returns once every event added before this call is committed, or was dropped after a failure.
   * Free when none waits.
   *
   * @throws RuntimeException what the writer threw, after logging how many events were lost
   */
  void flush() {
    if (unwritten.get() == 0) {
      return;
    }
    writing.lock();
    try {
      drain();
    } finally {
      writing.unlock();
    }
  }

  /** Stops the background thread and writes what still waits. */
  @Override
  public void close() {
    timer.shutdown();
    flush();
  }

  private void drainLater() {
    try {
      flush();
    } catch (RuntimeException logged) {
      // drain logged it; the events that were not taken yet wait for the next add or flush
    }
  }

  /** Writes every waiting event, oldest first; the caller holds {@link #writing}. */
  private void drain() {
    drainQueued.set(false);
    while (true) {
      List<Event> batch = new ArrayList<>();
      for (Event e; batch.size() < MAX_BATCH && (e = waiting.poll()) != null; ) {
        batch.add(e);
      }
      if (batch.isEmpty()) {
        return;
      }
      try {
        writer.accept(batch);
      } catch (RuntimeException failure) {
        LOG.error("{} events could not be stored: {}", batch.size(), failure.toString());
        throw failure;
      } finally {
        unwritten.addAndGet(-batch.size());
      }
    }
  }
}
