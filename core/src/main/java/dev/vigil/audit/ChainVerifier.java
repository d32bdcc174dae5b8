package dev.vigil.audit;

import dev.vigil.id.EventId;
import java.util.Optional;

/**
 * Checks a log's events, fed oldest first, against the hash chain; every {@link AuditLog} adapter
 * verifies through it, so they agree on what counts as broken. The checks, in order, for each
 * event:
 *
 * <ol>
 *   <li>its sequence number is one more than the one before, and the first is one more than the
 *       anchor's (1 without an anchor): a gap means events were deleted, which the links alone miss
 *       at the head of the log, among events written before the chain existed, and at the tail when
 *       events were appended afterwards;
 *   <li>its stored link equals {@link EventChain#link} of the link before it, starting from the
 *       anchor's link ({@link EventChain#GENESIS} without one); an event without a stored link
 *       (written before the chain existed) is counted but not linked.
 * </ol>
 *
 * After the last event: an anchor must be named by the newest {@code audit.pruned} event ({@link
 * ChainAnchor#isNamedBy}); otherwise the log is broken at its first event (or, empty, at none). Not
 * thread-safe: one verifier per check.
 */
public final class ChainVerifier {
  private Optional<ChainAnchor> anchor;
  private String previous;
  private long expected;
  private long events;
  private Optional<EventId> first = Optional.empty();
  private Optional<Event> newestPruning = Optional.empty();
  private boolean broken;
  private Optional<EventId> firstBroken = Optional.empty();

  /** A verifier for a log whose chain starts at {@code anchor}, or at genesis if empty. */
  public ChainVerifier(Optional<ChainAnchor> anchor) {
    this.anchor = anchor;
    this.previous = anchor.map(ChainAnchor::link).orElse(EventChain.GENESIS);
    this.expected = anchor.map(a -> a.seq() + 1).orElse(1L);
  }

  /**
   * Checks the next event, with its sequence number and stored link.
   *
   * @return whether the chain is still intact; once it is not, further events are ignored
   */
  public boolean next(long seq, Event e, Optional<String> storedLink) {
    if (broken) {
      return false;
    }
    events++;
    if (first.isEmpty()) {
      first = Optional.of(e.id());
    }
    if (seq != expected) {
      return breakAt(Optional.of(e.id()));
    }
    expected = seq + 1;
    if (storedLink.isPresent()) {
      previous = EventChain.link(previous, e);
      if (!previous.equals(storedLink.get())) {
        return breakAt(Optional.of(e.id()));
      }
    }
    if (e.type() == EventType.AUDIT_PRUNED) {
      newestPruning = Optional.of(e);
    }
    return true;
  }

  /**
   * Moves the check to the anchor {@code now} read from the log while the check runs (an adapter
   * that reads the log in several transactions: a pruning may commit between two of them). Pruning
   * only moves the anchor forward: one that disappears or moves back was edited, and the chain is
   * broken (at no event). When the new anchor is at or past the last event checked, the chain goes
   * on from it (the events between were pruned before they were read; at the last event checked,
   * its link must be the anchor's); when it is behind, the events up to it were checked already and
   * the chain goes on as it was (the next check starts from this anchor and so checks its link).
   * Either way the newest {@code audit.pruned} event must then name the new anchor.
   *
   * @return whether the anchor moved
   */
  public boolean reanchor(Optional<ChainAnchor> now) {
    if (now.equals(anchor)) {
      return false;
    }
    if (broken) {
      return true;
    }
    if (now.isEmpty() || anchor.isPresent() && now.get().seq() <= anchor.get().seq()) {
      breakAt(Optional.empty());
      return true;
    }
    ChainAnchor moved = now.get();
    anchor = now;
    long last = expected - 1;
    if (moved.seq() == last && !moved.link().equals(previous)) {
      breakAt(Optional.empty());
    } else if (moved.seq() >= last) {
      previous = moved.link();
      expected = moved.seq() + 1;
    }
    return true;
  }

  /**
   * Counts an event that cannot be read back (unknown type, unparsable detail): the chain is broken
   * there. {@code id} is empty when even the id is unreadable; the check then names no event.
   */
  public void unreadable(Optional<EventId> id) {
    if (!broken) {
      events++;
      breakAt(id);
    }
  }

  /** The outcome over every event fed so far. */
  public EventChain.Check result() {
    if (broken) {
      return new EventChain.Check(false, events, firstBroken, anchor);
    }
    boolean vouched =
        anchor.isEmpty() || newestPruning.map(p -> anchor.get().isNamedBy(p)).orElse(false);
    return vouched
        ? new EventChain.Check(true, events, Optional.empty(), anchor)
        : new EventChain.Check(false, events, first, anchor);
  }

  private boolean breakAt(Optional<EventId> id) {
    broken = true;
    firstBroken = id;
    return false;
  }
}
