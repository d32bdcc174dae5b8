package dev.vigil.server.beat;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread that runs a task once a period, and at once when {@link #wake() woken}. A task
 * that throws is logged and run again at the next beat. {@link #close()} stops it and waits for a
 * run under way to end (up to {@link #CLOSE_WAIT}), so that nothing it does reaches a store closed
 * after it.
 */
public final class Beat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Beat.class);

  /** The longest {@link #close()} waits for a run under way. */
  public static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  private final Object signal = new Object();
  private final String name;
  private final Duration period;
  private final Runnable task;
  private volatile boolean closed;
  private final Thread thread;

  /** Starts beating: the first run is at once. */
  public Beat(String name, Duration period, Runnable task) {
    this.name = name;
    this.period = period;
    this.task = task;
    this.thread = Thread.ofPlatform().name(name).daemon().start(this::loop);
  }

  /** Runs the task now rather than at the next beat. */
  public void wake() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  private void loop() {
    while (!closed) {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("{}: {}", name, e.getMessage());
      }
      synchronized (signal) {
        try {
          signal.wait(period.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    wake();
    try {
      thread.join(CLOSE_WAIT.toMillis());
      if (thread.isAlive()) {
        LOG.warn("{}: a run was still under way after {}", name, CLOSE_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
