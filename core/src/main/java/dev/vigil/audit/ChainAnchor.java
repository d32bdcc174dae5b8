package dev.vigil.audit;

import dev.vigil.id.EventId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the hash chain starts once the oldest events have been pruned: the sequence number and link
 * of the last event removed. The first remaining event must be number {@code seq + 1} and link to
 * {@code link}. Every pruning appends an {@link EventType#AUDIT_PRUNED} event naming the new anchor
 * ({@link #event}), so an anchor that no such event vouches for is itself evidence of tampering.
 *
 * @param seq the sequence number of the last event removed (sequence numbers count from 1 and are
 *     never reused)
 * @param link the link the next event chains onto: that of the last removed event that had one
 *     (events written before the chain existed have none), else {@link EventChain#GENESIS}
 * @param pruned how many events pruning has removed in all
 * @param through the time of the newest event removed
 * @param at when the last pruning ran
 */
public record ChainAnchor(long seq, String link, long pruned, Instant through, Instant at) {
  private static final Pattern LINK = Pattern.compile("[0-9a-f]{64}");

  public ChainAnchor {
    if (seq < 1 || pruned < 1 || pruned > seq) {
      throw new IllegalArgumentException(
          "anchor needs 1 <= pruned <= seq, was pruned " + pruned + ", seq " + seq);
    }
    if (!LINK.matcher(link).matches()) {
      throw new IllegalArgumentException("anchor link must be 64 hex digits");
    }
  }

  /**
   * The {@code audit.pruned} event that records this anchor, at {@link #at}.
   *
   * @param removed how many events this pruning removed
   * @param cutoff the time they were all older than
   */
  public Event event(EventId id, int removed, Instant cutoff) {
    return new Event(
        id,
        at,
        EventType.AUDIT_PRUNED,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        dev.vigil.client.ClientContext.UNKNOWN,
        Map.of(
            "removed", Integer.toString(removed),
            "cutoff", cutoff.toString(),
            "through", through.toString(),
            "anchor_seq", Long.toString(seq),
            "anchor_link", link,
            "pruned_total", Long.toString(pruned)));
  }

  /** Whether {@code e} is an {@code audit.pruned} event that names this anchor. */
  public boolean isNamedBy(Event e) {
    return e.type() == EventType.AUDIT_PRUNED
        && Long.toString(seq).equals(e.detail().get("anchor_seq"))
        && link.equals(e.detail().get("anchor_link"));
  }
}
