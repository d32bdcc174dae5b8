package dev.vigil.store.postgres;

import dev.vigil.audit.Event;
import dev.vigil.session.StoreUnavailableException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable appends of many threads committed together. Every append of the event log takes the one
 * append lock of the database and holds it through its commit, so appends of one transaction each
 * would run one at a time, a commit each, on every node together. Here callers queue their events
 * and one writer thread writes everything queued in one transaction (one lock, one chain read, one
 * batched insert, one commit) while the next callers queue behind it. Each call still returns only
 * once its own events are committed.
 *
 * <p>When a transaction of several callers' events fails for their content (a value the database
 * refuses, SQL state class 22 or 23), each caller's events are written again on their own, so only
 * the one at fault fails; any other failure (the database unreachable) fails them all at once.
 * Waits are bounded: a caller whose events were not taken within {@code wait} takes them back
 * (nothing is written) and gets {@link StoreUnavailableException}.
 */
final class GroupCommit implements AutoCloseable {
  /** The most events written in one transaction (a single call may write more). */
  static final int MAX_BATCH = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

  private record Pending(List<Event> events, CompletableFuture<Void> done) {}

  private final Consumer<List<Event>> writer;
  private final Duration wait;
  private final LinkedBlockingDeque<Pending> waiting = new LinkedBlockingDeque<>();
  private final Thread thread;
  private volatile boolean closed;

  /**
   * @param writer stores a list of events in one transaction, or throws
   * @param wait the longest a caller's events wait to be taken, and then to be written
   */
  GroupCommit(Consumer<List<Event>> writer, Duration wait) {
    this.writer = writer;
    this.wait = wait;
    this.thread = Thread.ofPlatform().name("vigil-event-writer").daemon().start(this::run);
  }

  /**
   * Writes {@code events}, in order, and returns once they are committed.
   *
   * @throws StoreUnavailableException when they could not be written, or a wait ran out
   * @throws RuntimeException what the writer threw for these events
   */
  void append(List<Event> events) {
    if (closed) {
      writer.accept(events);
      return;
    }
    Pending mine = new Pending(events, new CompletableFuture<>());
    waiting.add(mine);
    try {
      mine.done().get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      if (waiting.remove(mine)) {
        throw new StoreUnavailableException(
            "the event log's writer is busy: not written within " + wait, e);
      }
      result(mine); // being written now: the writer's own statements are bounded
    } catch (ExecutionException e) {
      throw rethrown(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (waiting.remove(mine)) {
        throw new StoreUnavailableException("interrupted before the events were written", e);
      }
      result(mine);
    }
  }

  private void result(Pending p) {
    try {
      p.done().get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw rethrown(e);
    } catch (TimeoutException e) {
      throw new StoreUnavailableException("the event log's writer did not answer in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while the events were written", e);
    }
  }

  private static RuntimeException rethrown(ExecutionException e) {
    return e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
  }

  private void run() {
    while (!closed || !waiting.isEmpty()) {
      try {
        Pending first = waiting.poll(100, TimeUnit.MILLISECONDS);
        if (first != null) {
          write(first);
        }
      } catch (InterruptedException e) {
        if (closed) {
          continue;
        }
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("the event log's writer failed: {}", e.toString());
      }
    }
  }

  /** Writes {@code first} and the calls queued behind it, up to {@link #MAX_BATCH} events. */
  private void write(Pending first) {
    List<Pending> batch = new ArrayList<>();
    List<Event> events = new ArrayList<>(first.events());
    batch.add(first);
    for (Pending p; events.size() < MAX_BATCH && (p = waiting.poll()) != null; ) {
      batch.add(p);
      events.addAll(p.events());
    }
    try {
      writer.accept(events);
      batch.forEach(p -> p.done().complete(null));
    } catch (RuntimeException failure) {
      if (batch.size() == 1 || !contentRefused(failure)) {
        batch.forEach(p -> p.done().completeExceptionally(failure));
        return;
      }
      for (Pending p : batch) { // find the one at fault; the others are written
        try {
          writer.accept(p.events());
          p.done().complete(null);
        } catch (RuntimeException own) {
          p.done().completeExceptionally(own);
        }
      }
    }
  }

  /** Whether the database refused a value (SQL state class 22 or 23), not the connection. */
  private static boolean contentRefused(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        return state.startsWith("22") || state.startsWith("23");
      }
    }
    return false;
  }

  /** Writes what is queued, then stops the writer; later appends are written by their callers. */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(wait.multipliedBy(2).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
