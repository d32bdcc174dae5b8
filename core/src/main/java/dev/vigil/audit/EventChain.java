package dev.vigil.audit;

import dev.vigil.id.EventId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The hash chain that makes the audit log tamper-evident: each event's link is the SHA-256 of the
 * previous link and the event's canonical form, so editing, deleting or reordering any stored event
 * breaks every link after it. The first event links to {@link #GENESIS}, or, once the oldest events
 * have been pruned, to the link of the last one removed ({@link ChainAnchor}).
 *
 * <p>The canonical form lists every field in a fixed order, each as its length in characters, a
 * colon and the text (absent fields as {@code -}), so no two different events share one.
 */
public final class EventChain {
  /** The link before the first event. */
  public static final String GENESIS = "0".repeat(64);

  private EventChain() {}

  /** The link of {@code e} after {@code previous}. */
  public static String link(String previous, Event e) {
    return link(previous, canonicalBytes(e));
  }

  /**
   * The link after {@code previous} of the event whose {@link #canonicalBytes} are {@code
   * canonical}: a log works those out before its writer is held, and only this step after.
   */
  public static String link(String previous, byte[] canonical) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(previous.getBytes(StandardCharsets.US_ASCII));
      d.update(canonical);
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException x) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", x);
    }
  }

  /** The {@link #canonical} text of an event in UTF-8: what its link hashes after the previous. */
  public static byte[] canonicalBytes(Event e) {
    return canonical(e).getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical text of an event. */
  public static String canonical(Event e) {
    StringBuilder b = new StringBuilder();
    field(b, e.id().value());
    field(b, e.time().toString());
    field(b, e.type().wire());
    field(b, e.subject().map(Object::toString));
    field(b, e.sessionId().map(Object::toString));
    field(b, e.reason());
    field(b, e.incident().map(Object::toString));
    field(b, e.client().ip().map(Object::toString));
    field(b, e.client().userAgent());
    for (Map.Entry<String, String> d : e.detail().entrySet()) {
      field(b, d.getKey());
      field(b, d.getValue());
    }
    return b.toString();
  }

  /**
   * The outcome of checking a log's chain ({@link ChainVerifier}).
   *
   * @param intact whether every check passed
   * @param events how many events are in the log (up to the first broken one when it is broken)
   * @param firstBroken the first event that fails a check: it, or what came before it, was edited,
   *     deleted or moved; empty when intact, or when the log is broken but holds no event
   * @param anchor where the chain starts after pruning; empty if nothing was ever pruned
   */
  public record Check(
      boolean intact, long events, Optional<EventId> firstBroken, Optional<ChainAnchor> anchor) {

    /** How many events pruning has removed in all (0 if none). */
    public long pruned() {
      return anchor.map(ChainAnchor::pruned).orElse(0L);
    }
  }

  private static void field(StringBuilder b, Optional<String> value) {
    if (value.isEmpty()) {
      b.append("-;");
    } else {
      field(b, value.get());
    }
  }

  private static void field(StringBuilder b, String value) {
    b.append(value.length()).append(':').append(value).append(';');
  }
}
