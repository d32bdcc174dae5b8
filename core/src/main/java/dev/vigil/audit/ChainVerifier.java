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
 * ChainAnchor#isNamedBy}); otherwise the log is broken at its first event (or, empty, at none).
 *
 * <p>A verifier that found the chain intact can be kept and fed again later: a continued check
 * ({@link AuditLog#verifyChain(ChainVerifier, double)}) reads the log from the last event this one
 * checked ({@link #from()}) and, before the events after it, checks that event again ({@link
 * #resume()}): it must still be there with the same id and stored link. A rewrite that relinked the
 * chain up to there, or deleted events and renumbered the rest, is caught this way without reading
 * the older events; an edit of an older event that leaves every stored link as it was is caught
 * only by a full check (a new verifier), which is why the node still runs one every day. Not
 * thread-safe: one thread at a time.
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
  private Optional<EventId> lastId = Optional.empty();
  private Optional<String> lastStored = Optional.empty();
  private boolean again;

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
    if (again) {
      again = false;
      if (seq != expected - 1
          || !lastId.equals(Optional.of(e.id()))
          || !lastStored.equals(storedLink)) {
        return breakAt(Optional.of(e.id()));
      }
      return true;
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
    lastId = Optional.of(e.id());
    lastStored = storedLink;
    return true;
  }

  /**
   * Starts a continued check, after {@link #reanchor} with the anchor read in the same transaction:
   * when the last event checked is still after the anchor, the first event fed next must be that
   * one again (same sequence number, id and stored link), and is not counted twice.
   */
  public void resume() {
    again = !broken && expected - 1 > anchor.map(ChainAnchor::seq).orElse(0L) && lastId.isPresent();
  }

  /**
   * The sequence number from which the log is to be read next: the last event checked when {@link
   * #resume()} asks to see it again, else the one after it.
   */
  public long from() {
    return again ? expected - 1 : expected;
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
    long before = anchor.map(ChainAnchor::seq).orElse(0L);
    anchor = now;
    long last = expected - 1;
    // the events checked so far run from the old anchor on: those up to the new one are gone
    events = Math.max(0, events - (moved.seq() - before));
    if (moved.seq() == last && !moved.link().equals(previous)) {
      breakAt(Optional.empty());
    } else if (moved.seq() >= last) {
      previous = moved.link();
      expected = moved.seq() + 1;
      first = Optional.empty();
      lastId = Optional.empty();
      lastStored = Optional.empty();
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

  /**
   * The outcome over every event fed so far. A continued check that was not fed the last event
   * checked again ({@link #resume()}) is broken there: the log no longer holds it, nor anything
   * after it.
   */
  public EventChain.Check result() {
    if (again) {
      again = false;
      breakAt(lastId);
    }
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
