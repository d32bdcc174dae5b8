package dev.vigil.audit;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The event log read as a feed, by the background readers that act on events (the notifier, the
 * anomaly rules): every event has a position ({@code seq}), and the positions of appended events
 * only grow, in the order their appends took effect, so a reader that remembers the last position
 * it handled misses nothing and sees nothing twice. Every method may throw {@link
 * dev.vigil.session.StoreUnavailableException}.
 */
public interface EventFeed {
  /** An event with its position in the log. */
  record Sequenced(long seq, Event event) {}

  /** A stretch of the log: the matching events, the last position covered, whether more follow. */
  record Page(List<Sequenced> events, long upTo, boolean more) {}

  /**
   * The size of the log, how many events pruning removed before it, and its latest link: logged
   * periodically so that a truncation shows ({@code events + pruned} never goes down).
   */
  record Checkpoint(long events, long pruned, String lastLink) {}

  /** The events after position {@code seq}, oldest first, at most {@code limit}. */
  default List<Sequenced> after(long seq, int limit) {
    return after(seq, limit, Set.of()).events();
  }

  /**
   * The events of the given types (every type when empty) among the next {@code limit} events after
   * position {@code seq}, oldest first; the last position looked at is {@link Page#upTo()} ({@code
   * seq} itself when there is nothing after it), and {@link Page#more()} says whether {@code limit}
   * events were looked at (so more may follow).
   */
  Page after(long seq, int limit, Set<EventType> types);

  /** The position of the newest event (0 for an empty log). */
  long lastSeq();

  /** Every event at or after {@code since}, oldest first, handed to {@code sink} one by one. */
  void forEachSince(Instant since, Consumer<Event> sink);

  /** The current checkpoint, read at one moment. */
  Checkpoint checkpoint();
}
