package dev.vigil.server;

import dev.vigil.server.config.ConfigKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code vigil serve} in a process of its own, with the test JVM's java and classpath, on a free
 * port and a fresh data directory (or a given one), its settings given as {@code VIGIL_*}
 * environment variables. Its output goes to {@code out.log} in the data directory unless another
 * file is given. Closing it kills it.
 */
public final class VigilProcess extends ApiClient implements AutoCloseable {
  private static final HttpClient PLAIN = HttpClient.newHttpClient();

  private final Process process;
  private final int port;
  private final Path data;
  private final Path log;

  private VigilProcess(Process process, int port, Path data, Path log) {
    this.process = process;
    this.port = port;
    this.data = data;
    this.log = log;
  }

  /** Starts a node with {@code settings} and waits until {@code /health/ready} answers 200. */
  public static VigilProcess start(Map<ConfigKey, String> settings) throws IOException {
    Path data = dev.vigil.testkit.TempPaths.directory("vigil-process");
    return start(data, data.resolve("out.log"), settings);
  }

  /**
   * Starts a node on an existing data directory {@code data} (a restart after {@link #kill()}),
   * appending its output to {@code log}, and waits until {@code /health/ready} answers 200. The log
   * may lie outside the data directory, for a test that fills the data directory's filesystem.
   */
  public static VigilProcess start(Path data, Path log, Map<ConfigKey, String> settings)
      throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(List.of("-Xmx353m", "-cp", System.getProperty("java.class.path")));
    cmd.add("dev.vigil.server.cli.VigilCommand");
    cmd.add("serve");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("VIGIL_"));
    env.put(ConfigKey.PORT.env(), Integer.toString(port));
    env.put(ConfigKey.HOST.env(), "127.0.0.1");
    env.put(ConfigKey.DATA.env(), data.toString());
    env.put(ConfigKey.BOOTSTRAP_API_KEY.env(), TestServer.ADMIN_KEY);
    settings.forEach((k, v) -> env.put(k.env(), v));
    VigilProcess node = new VigilProcess(pb.start(), port, data, log);
    try {
      Eventually.until(
          "node on port " + port + " is ready (log: " + log + ")",
          Duration.ofSeconds(60),
          () -> node.status("/health/ready") == 200);
    } catch (RuntimeException | AssertionError e) {
      node.close();
      throw e;
    }
    return node;
  }

  @Override
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** The status of an unauthenticated GET of {@code path}, or -1 when the node does not answer. */
  public int status(String path) {
    try {
      return PLAIN
          .send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  public Path data() {
    return data;
  }

  /** What the node has written to its standard output and error so far. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the node's log says it holds the lease {@code name}, and has not lost it since. */
  public boolean holds(String name) {
    String log = log();
    return log.lastIndexOf("lease " + name + ": held on this node")
        > log.lastIndexOf("lease " + name + ": not held on this node");
  }

  /** The process, for its pid and exit value. */
  public Process process() {
    return process;
  }

  /** Kills the process with SIGKILL: no shutdown hook, no lease given up, and waits for it. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
  }
}
