package dev.vigil.audit;

import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import dev.vigil.session.IpAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where events are kept. {@link #append} is durable when it returns. Every method may throw {@link
 * dev.vigil.session.StoreUnavailableException}.
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

  /** Events matching the query, newest first. */
  EventPage query(EventQuery query);

  /** The event recorded for an invalid verdict. */
  Optional<Event> findByIncident(IncidentId incident);

  /**
   * Recomputes the hash chain over every event, oldest first ({@link EventChain}), and reports the
   * first event whose stored link does not match: that event, or the one before it, was edited,
   * deleted or moved.
   */
  EventChain.Check verifyChain();

  /** The events of one session, oldest first, at most {@code limit}. */
  List<Event> timeline(SessionId session, int limit);

  /**
   * How many events of {@code type} with {@code reason} came from the client address {@code ip} at
   * or after {@code from} and before {@code until}. Stores answer it from an index: the explainer
   * asks it for every TAMPERED incident, and rules on client addresses may ask it often.
   */
  long count(EventType type, String reason, IpAddress ip, Instant from, Instant until);
}
