package dev.vigil.audit;

import dev.vigil.client.IpAddress;
import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where events are kept. {@link #append} is durable when it returns. Each event gets a sequence
 * number: its position in the log, counting from 1, never reused, not even after pruning. Every
 * method may throw {@link dev.vigil.session.StoreUnavailableException}.
 */
public interface AuditLog {
  /** Adds an event at the end of the log. */
  void append(Event event);

  /**
   * Adds an event at the end of the log without waiting for it to be durable: used for the events
   * of refused verifications, so that a flood of bad tokens never waits on the disk. Every read of
   * this log still sees it. By default the same as {@link #append}.
   */
  default void appendSoon(Event event) {
    append(event);
  }

  /**
   * Adds events at the end of the log in order, in one transaction: all of them or none, durable
   * when it returns. Bulk revocations record their sessions' events this way. By default one {@link
   * #append} each.
   */
  default void appendAll(List<Event> events) {
    events.forEach(this::append);
  }

  /** Events matching the query, newest first. */
  EventPage query(EventQuery query);

  /** The event recorded for an invalid verdict. */
  Optional<Event> findByIncident(IncidentId incident);

  /**
   * Recomputes the hash chain over every event, oldest first, from the anchor left by pruning if
   * any, with the checks of {@link ChainVerifier}, and reports the first event that fails one: that
   * event, or the one before it, was edited, deleted or moved.
   */
  EventChain.Check verifyChain();

  /**
   * {@link #verifyChain()} for a check nobody waits on (the node's periodic one): where the work is
   * done in this process, it yields the processor between stretches so that it takes at most about
   * {@code share} of one core (0 to 1) and requests keep their latency, at the cost of taking
   * longer. By default, the same as {@link #verifyChain()}.
   */
  default EventChain.Check verifyChain(double share) {
    return verifyChain();
  }

  /**
   * Continues the check {@code verifier} holds, paced as {@link #verifyChain(double)}: reads the
   * log from {@link ChainVerifier#from()} after moving the verifier to the current anchor ({@link
   * ChainVerifier#reanchor}) and calling {@link ChainVerifier#resume()}, so that only the events
   * appended since its last check are hashed. A new verifier ({@code new
   * ChainVerifier(Optional.empty())}) makes it a full check. The node's periodic check keeps its
   * verifier between runs while the chain is intact, so the work of each run follows the events
   * written since the last rather than the size of the log. By default a full check, leaving {@code
   * verifier} as it was.
   *
   * @throws IllegalArgumentException if {@code share} is not in (0, 1]
   */
  default EventChain.Check verifyChain(ChainVerifier verifier, double share) {
    return verifyChain(share);
  }

  /** The events of one session, oldest first, at most {@code limit}. */
  List<Event> timeline(SessionId session, int limit);

  /**
   * How many events of {@code type} with {@code reason} came from the client address {@code ip} at
   * or after {@code from} and before {@code until}. Stores answer it from an index: the explainer
   * asks it for every TAMPERED incident, and rules on client addresses may ask it often.
   */
  long count(EventType type, String reason, IpAddress ip, Instant from, Instant until);

  /**
   * Counts the {@link EventType#VERIFY_FAILED} events from {@code from} (inclusive) to {@code
   * until} (exclusive), per bucket and per key of {@code by} ({@link InvalidStatsTally}).
   *
   * @throws IllegalArgumentException for a window or bucket count {@link InvalidStats#check}
   *     refuses
   */
  default InvalidStats invalidStats(Instant from, Instant until, int buckets, StatsDimension by) {
    return invalidStats(from, until, buckets, by, java.util.function.UnaryOperator.identity());
  }

  /**
   * As {@link #invalidStats(Instant, Instant, int, StatsDimension)}, with every key but {@link
   * StatsDimension#NONE} passed through {@code refine} before counting, so that keys it maps alike
   * are counted as one (user agents to browser families, for example) before the top 20 are cut.
   */
  InvalidStats invalidStats(
      Instant from,
      Instant until,
      int buckets,
      StatsDimension by,
      java.util.function.UnaryOperator<String> refine);

  /**
   * Removes the oldest events, at most {@code batch}, as long as each is older than {@code cutoff}:
   * it stops at the first event that is not, so only a run at the head of the log goes and the
   * chain stays whole. In the same transaction it records the last one removed as the {@link
   * ChainAnchor} and appends the anchor's {@code audit.pruned} event at {@code now}. Removing
   * nothing writes nothing.
   *
   * @return how many events were removed
   * @throws IllegalArgumentException if {@code batch} is not positive
   */
  int pruneBefore(Instant cutoff, int batch, Instant now);
}
