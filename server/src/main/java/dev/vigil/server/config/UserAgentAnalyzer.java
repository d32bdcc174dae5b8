package dev.vigil.server.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What tells browsers and systems apart in user agents ({@code user_agent_analyzer}). */
public enum UserAgentAnalyzer {
  /**
   * Yauaa, limited to the fields Vigil shows, built in the background after start: the most clients
   * told apart, for 113 MiB of heap.
   */
  YAUAA,
  /**
   * uap-java: the ua-parser project's regular expressions for browser and system ({@code
   * UapUserAgents}); the default: 1 MiB of heap instead of Yauaa's 113, fewer clients told apart
   * (docs/BENCHMARKS.md, "Footprint").
   */
  UAP,
  /** The product tokens of the common browsers and systems ({@code KeywordUserAgents}). */
  KEYWORDS;

  /** The name in configuration. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The analyzer named {@code text} in configuration, if any. */
  public static Optional<UserAgentAnalyzer> ofWire(String text) {
    return Arrays.stream(values()).filter(a -> a.wire().equals(text)).findFirst();
  }
}
