package dev.vigil.audit;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the statistics of refused verifications are grouped by. Each constant names the event field
 * it reads; {@link #key} turns that field's stored text into the grouping key, the one place where
 * a stored value becomes a key.
 */
public enum StatsDimension {
  /** The verdict's reason, such as {@code EXPIRED_IDLE}: the event's reason. */
  REASON("reason"),
  /** The session's subject, when the token authenticated and its session was found. */
  SUBJECT("subject"),
  /**
   * The client address the application reported, in its stored text form ({@code IpAddress#text}).
   */
  IP("ip"),
  /**
   * The client's user-agent string as the application reported it, cut to {@link #CLIENT_KEY_MAX}
   * characters.
   */
  CLIENT("client");

  /** The key of events that lack the field (no subject, no address, no user agent). */
  public static final String NONE = "(none)";

  /** The longest client key; longer user agents are cut, so variants past it are counted as one. */
  public static final int CLIENT_KEY_MAX = 200;

  private final String wire;

  StatsDimension(String wire) {
    this.wire = wire;
  }

  /** The contract's spelling, the value of {@code by}. */
  public String wire() {
    return wire;
  }

  /** The dimension spelled {@code text}, if any. */
  public static Optional<StatsDimension> ofWire(String text) {
    return Arrays.stream(values()).filter(d -> d.wire.equals(text)).findFirst();
  }

  /** The stored text of this dimension's field of {@code e}, if it has one. */
  public Optional<String> field(Event e) {
    return switch (this) {
      case REASON -> e.reason();
      case SUBJECT -> e.subject().map(dev.vigil.id.Subject::value);
      case IP -> e.client().ip().map(dev.vigil.client.IpAddress::text);
      case CLIENT -> e.client().userAgent();
    };
  }

  /**
   * The grouping key of an event whose field for this dimension holds {@code stored}: the text
   * itself ({@link #CLIENT} cut to {@link #CLIENT_KEY_MAX}), or {@link #NONE} when it is absent or
   * blank. Every adapter groups through this function, so a finer classification (browser family,
   * network) changes here only.
   */
  public String key(Optional<String> stored) {
    if (stored.isEmpty() || stored.get().isBlank()) {
      return NONE;
    }
    String text = stored.get();
    return switch (this) {
      case REASON, SUBJECT, IP -> text;
      case CLIENT -> cut(text, CLIENT_KEY_MAX);
    };
  }

  /** The first {@code max} characters of {@code text}, one fewer rather than half a pair. */
  private static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end);
  }
}
