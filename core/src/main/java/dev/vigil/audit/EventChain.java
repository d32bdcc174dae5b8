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
 * breaks every link after it. The first event links to {@link #GENESIS}.
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
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(previous.getBytes(StandardCharsets.US_ASCII));
      d.update(canonical(e).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException x) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", x);
    }
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

  /** The outcome of checking a log's chain. */
  public record Check(boolean intact, long events, Optional<EventId> firstBroken) {}

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
