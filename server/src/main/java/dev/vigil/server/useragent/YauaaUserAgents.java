package dev.vigil.server.useragent;

import dev.vigil.client.ClientFamily;
import dev.vigil.client.UserAgents;
import java.util.Map;
import java.util.Optional;
import nl.basjes.parse.useragent.AgentField;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * {@link UserAgents} with Yauaa: browser or tool, its major version and the operating system, from
 * Yauaa's rules (thousands, maintained upstream) rather than keywords.
 *
 * <p>The constructor builds the analyzer: about 3 seconds of one core and 110 MB of heap that stay
 * (docs/BENCHMARKS.md), so it is built once per process, off the start-up path ({@link
 * BackgroundUserAgents}). Only the four fields used are computed, and the rules' own test cases are
 * dropped after loading, which saves a fifth of the heap. Analysing a new string takes about a
 * millisecond; the last 10,000 distinct strings are cached.
 *
 * <p>Yauaa names empty, garbled and hostile strings alike "Hacker"; that is {@link
 * ClientFamily#UNKNOWN} here, since an empty user agent is no attack. Robots' "Cloud" systems are
 * left out, and "Windows NT" and "Mac OS" read "Windows" and "macOS".
 *
 * <p>Thread-safe: Yauaa serialises the analysis itself and its cache is concurrent.
 */
public final class YauaaUserAgents implements UserAgents {
  /** The cache of analysed strings, in entries. */
  static final int CACHE_SIZE = 10_000;

  private static final String HACKER = "Hacker";
  private static final Map<String, String> SYSTEM_NAMES =
      Map.of("Windows NT", "Windows", "Mac OS", "macOS");

  private final UserAgentAnalyzer analyzer;

  /** Builds the analyzer; slow (see the class comment). */
  public YauaaUserAgents() {
    this.analyzer =
        UserAgentAnalyzer.newBuilder()
            .withFields(
                UserAgent.AGENT_NAME,
                UserAgent.AGENT_VERSION_MAJOR,
                UserAgent.OPERATING_SYSTEM_NAME,
                UserAgent.DEVICE_CLASS)
            .withCache(CACHE_SIZE)
            .dropTests()
            .immediateInitialization()
            .hideMatcherLoadStats()
            .build();
  }

  @Override
  public ClientFamily family(String userAgent) {
    if (userAgent.isBlank()) {
      return ClientFamily.UNKNOWN;
    }
    UserAgent ua = analyzer.parse(userAgent);
    Optional<String> device = known(ua.get(UserAgent.DEVICE_CLASS));
    if (device.filter(HACKER::equals).isPresent()) {
      return ClientFamily.UNKNOWN;
    }
    Optional<String> agent = known(ua.get(UserAgent.AGENT_NAME));
    Optional<String> version =
        agent.isEmpty() ? Optional.empty() : known(ua.get(UserAgent.AGENT_VERSION_MAJOR));
    boolean robot = device.filter(d -> d.startsWith("Robot")).isPresent();
    Optional<String> os =
        robot
            ? Optional.empty()
            : known(ua.get(UserAgent.OPERATING_SYSTEM_NAME))
                .map(o -> SYSTEM_NAMES.getOrDefault(o, o));
    return new ClientFamily(agent, version, os);
  }

  /** A field's value, unless Yauaa could not tell it ("Unknown", "??"). */
  private static Optional<String> known(AgentField field) {
    String value = field.getValue();
    return field.isDefaultValue() || value == null || value.isBlank() || value.equals("Unknown")
        ? Optional.empty()
        : Optional.of(value);
  }
}
