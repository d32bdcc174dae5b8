package dev.vigil.server.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of the test's own (initdb and pg_ctl from /usr/lib/postgresql/15/bin, on a
 * free port, trust authentication), so that a test can stop it hard and start it again. Run as the
 * {@code postgres} user when the test runs as root (PostgreSQL refuses root). Without the binaries
 * the test is skipped outside CI and fails on CI.
 */
final class OwnPostgres implements AutoCloseable {
  private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  private final Path dir;
  private final int port;
  private final boolean root;

  private OwnPostgres(Path dir, int port, boolean root) {
    this.dir = dir;
    this.port = port;
    this.root = root;
  }

  /** Creates and starts a fresh cluster. */
  static OwnPostgres start() throws Exception {
    if (!Files.isExecutable(BIN.resolve("initdb"))) {
      String why = "no PostgreSQL 15 binaries at " + BIN;
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(why + ": CI needs them");
      }
      assumeTrue(false, why + ": skipped outside CI");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = dev.vigil.testkit.TempPaths.directory("vigil-own-pg");
    if (root) {
      run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    OwnPostgres pg = new OwnPostgres(dir, port, root);
    pg.as(
        BIN.resolve("initdb").toString(),
        "-D",
        dir.resolve("data").toString(),
        "-A",
        "trust",
        "-U",
        "postgres",
        "--no-sync");
    pg.up();
    return pg;
  }

  /** The JDBC URL of its {@code postgres} database. */
  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** Starts the server (again) and waits until it accepts connections. */
  void up() throws Exception {
    as(
        BIN.resolve("pg_ctl").toString(),
        "-D",
        dir.resolve("data").toString(),
        "-l",
        dir.resolve("log").toString(),
        "-w",
        "-t",
        "60",
        "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
        "start");
  }

  /** Stops the server at once, as a crash would ({@code -m immediate}). */
  void crash() throws Exception {
    as(
        BIN.resolve("pg_ctl").toString(),
        "-D",
        dir.resolve("data").toString(),
        "-m",
        "immediate",
        "-w",
        "stop");
  }

  private void as(String... command) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (root) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(List.of(command));
    run(cmd, true);
  }

  private static void run(List<String> cmd, boolean check) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + cmd);
    }
    if (check && p.exitValue() != 0) {
      throw new IllegalStateException(cmd + " failed (" + p.exitValue() + "): " + out);
    }
  }

  @Override
  public void close() {
    try {
      as(
          BIN.resolve("pg_ctl").toString(),
          "-D",
          dir.resolve("data").toString(),
          "-m",
          "fast",
          "-w",
          "stop");
    } catch (Exception e) {
      // already stopped
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: left for the system to clear
    }
  }
}
