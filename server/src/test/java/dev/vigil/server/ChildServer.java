package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A Vigil server in a child process on this test's classpath, for tests that kill it with SIGKILL
 * ({@link Process#destroyForcibly()}) and check what survives. Its output goes to {@code child.log}
 * in the data directory.
 */
public final class ChildServer {
  private ChildServer() {}

  /** The command line of {@code vigil args...} in a child JVM on this test's class path. */
  public static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of("-cp", System.getProperty("java.class.path"), "dev.vigil.server.cli.VigilCommand"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Starts {@code vigil serve} on {@code data} and {@code port}, with the test admin key. */
  public static Process start(Path data, int port) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
            command(
                "serve",
                "--data",
                data.toString(),
                "--port",
                Integer.toString(port),
                "--bootstrap-api-key",
                TestServer.ADMIN_KEY));
    pb.redirectErrorStream(true).redirectOutput(data.resolve("child.log").toFile());
    return pb.start();
  }

  /** Waits until the server on {@code port} answers ready, at most 30 s. */
  public static void waitReady(HttpClient http, int port) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("child server did not become ready");
  }

  /** POSTs JSON with the admin key; asserts a 2xx answer and returns its body. */
  public static String post(HttpClient http, int port, String path, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    return r.body();
  }

  /** A port free right now. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
