package dev.vigil.server.useragent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vigil.client.ClientFamily;
import dev.vigil.client.UserAgents;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import ua_parser.OS;
import ua_parser.OSParser;
import ua_parser.Parser;
import ua_parser.UserAgent;
import ua_parser.UserAgentParser;

/**
 * {@link UserAgents} with uap-java: the regular expressions of the ua-parser project ({@code
 * regexes.yaml}, shared by its ports to other languages) for the browser or tool, its major version
 * and the operating system. Only the browser and system expressions are compiled; the device ones,
 * which Vigil does not show, are not. A few MiB of heap and under a tenth of a second to build,
 * against Yauaa's 113 MiB and seconds (docs/BENCHMARKS.md, "Footprint"); it tells fewer clients
 * apart than Yauaa and knows no spoofing.
 *
 * <p>Names follow Yauaa's where the two differ only in form, so that both describe a client alike:
 * the mobile builds of a browser are that browser ("Chrome Mobile" and "Chrome Mobile iOS" are
 * "Chrome", "Mobile Safari" is "Safari"), and "Mac OS X" reads "macOS". The last {@value
 * #CACHE_SIZE} distinct strings are cached: a new one is matched against up to a few hundred
 * expressions in turn.
 *
 * <p>Thread-safe: the compiled expressions are shared, each analysis has its own matchers.
 */
public final class UapUserAgents implements UserAgents {
  /** The cache of analysed strings, in entries. */
  static final int CACHE_SIZE = 10_000;

  private static final String OTHER = "Other";

  /** Browser names of uap that are another browser's mobile build, under Yauaa's name for it. */
  private static final Map<String, String> AGENT_NAMES =
      Map.ofEntries(
          Map.entry("Chrome Mobile", "Chrome"),
          Map.entry("Chrome Mobile iOS", "Chrome"),
          Map.entry("Mobile Safari", "Safari"),
          Map.entry("Mobile Safari UI/WKWebView", "Safari"),
          Map.entry("Firefox Mobile", "Firefox"),
          Map.entry("Firefox iOS", "Firefox"),
          Map.entry("Edge Mobile", "Edge"),
          Map.entry("Opera Mobile", "Opera"),
          Map.entry("Chrome Mobile WebView", "Chrome Webview"));

  private static final Map<String, String> SYSTEM_NAMES = Map.of("Mac OS X", "macOS");

  private final UserAgentParser agents;
  private final OSParser systems;
  private final Cache<String, ClientFamily> cache =
      Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();

  /**
   * Compiles the browser and system expressions of the {@code regexes.yaml} that uap-java carries.
   *
   * @throws UncheckedIOException if that resource cannot be read (a badly packaged jar)
   */
  public UapUserAgents() {
    Map<String, List<Map<String, String>>> rules = rules();
    this.agents = UserAgentParser.fromList(rules.get("user_agent_parsers"));
    this.systems = OSParser.fromList(rules.get("os_parsers"));
  }

  private static Map<String, List<Map<String, String>>> rules() {
    try (InputStream in = Parser.class.getResourceAsStream("/ua_parser/regexes.yaml")) {
      if (in == null) {
        throw new IOException("ua_parser/regexes.yaml is not on the class path");
      }
      return new Yaml(new SafeConstructor(Parser.getDefaultLoaderOptions())).load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read uap-java's regular expressions", e);
    }
  }

  @Override
  public ClientFamily family(String userAgent) {
    if (userAgent.isBlank()) {
      return ClientFamily.UNKNOWN;
    }
    return cache.get(userAgent, this::analyse);
  }

  private ClientFamily analyse(String userAgent) {
    UserAgent ua = agents.parse(userAgent);
    Optional<String> agent = known(ua.family).map(a -> AGENT_NAMES.getOrDefault(a, a));
    Optional<String> version = agent.isEmpty() ? Optional.empty() : number(ua.major);
    OS os = systems.parse(userAgent);
    Optional<String> system = known(os.family).map(s -> SYSTEM_NAMES.getOrDefault(s, s));
    return new ClientFamily(agent, version, system);
  }

  private static Optional<String> known(String value) {
    return value == null || value.isBlank() || value.equals(OTHER)
        ? Optional.empty()
        : Optional.of(value);
  }

  /** A major version of digits only: uap passes on whatever an expression captured. */
  private static Optional<String> number(String major) {
    return major != null
            && !major.isEmpty()
            && major.length() <= 6
            && major.chars().allMatch(Character::isDigit)
        ? Optional.of(major)
        : Optional.empty();
  }
}
