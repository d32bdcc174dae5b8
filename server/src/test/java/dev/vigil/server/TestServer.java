package dev.vigil.server;

import dev.vigil.server.config.ConfigKey;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.server.useragent.BackgroundUserAgents;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** A real Vigil server on a free port and a fresh SQLite data directory, with an HTTP client. */
public final class TestServer extends ApiClient implements AutoCloseable {
  /** The admin key every test server is bootstrapped with. */
  public static final String ADMIN_KEY = "test-admin-key-0123456789abcdefghijklmnop";

  /**
   * One user agent analyzer for every test server in this JVM, the default one (uap-java): each
   * server would otherwise build its own, beside the tests.
   */
  private static final BackgroundUserAgents USER_AGENTS =
      BackgroundUserAgents.of(
          dev.vigil.server.config.UserAgentAnalyzer.ofWire(
                  dev.vigil.server.config.ConfigKey.USER_AGENT_ANALYZER.defaultValue())
              .orElseThrow());

  /**
   * Whether the shared user agent analyzer is built (in the background, about half a second), so a
   * test that measures the heap waits for it first.
   */
  public static boolean userAgentsReady() {
    return USER_AGENTS.ready();
  }

  private final Vigil vigil;
  private final Path data;

  private TestServer(Vigil vigil, Path data) {
    this.vigil = vigil;
    this.data = data;
  }

  /** A server with default settings except those in {@code overrides}. */
  public static TestServer start(Map<ConfigKey, String> overrides) throws IOException {
    Path data = dev.vigil.testkit.TempPaths.directory("vigil-http-test");
    return start(data, overrides);
  }

  /**
   * A server whose every decision on time reads {@code clock}: a test moves it instead of sleeping.
   */
  public static TestServer start(Map<ConfigKey, String> overrides, java.time.Clock clock)
      throws IOException {
    return start(dev.vigil.testkit.TempPaths.directory("vigil-http-test"), overrides, clock);
  }

  /** A server on an existing data directory. */
  public static TestServer start(Path data, Map<ConfigKey, String> overrides) {
    return start(data, overrides, Vigil.systemClock());
  }

  private static TestServer start(
      Path data, Map<ConfigKey, String> overrides, java.time.Clock clock) {
    Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
    flags.put(ConfigKey.PORT, "0");
    flags.put(ConfigKey.DATA, data.toString());
    flags.put(ConfigKey.BOOTSTRAP_API_KEY, ADMIN_KEY);
    flags.putAll(overrides);
    return new TestServer(
        Vigil.start(ConfigLoader.load(Optional.empty(), Map.of(), flags), USER_AGENTS, clock),
        data);
  }

  public Path data() {
    return data;
  }

  @Override
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + vigil.port() + path);
  }

  @Override
  public void close() {
    vigil.close();
  }
}
