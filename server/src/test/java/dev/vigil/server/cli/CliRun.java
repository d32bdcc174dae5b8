package dev.vigil.server.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One run of {@code vigil} in this JVM: its exit code and what it printed on each stream. */
record CliRun(int code, String out, String err) {
  /** Runs {@code vigil args...} with standard output and error captured. */
  static CliRun of(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = VigilCommand.run(args);
      return new CliRun(
          code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /**
   * Runs {@code vigil args...} in a child JVM on this test's class path with {@code env} added to
   * its environment, at most 60 s; its arguments, as the process list shows them, in {@code argv}.
   */
  static Child child(java.util.Map<String, String> env, String... args) throws Exception {
    java.util.List<String> cmd = dev.vigil.server.ChildServer.command(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    java.nio.file.Path out = dev.vigil.testkit.TempPaths.file("vigil-cli", ".out");
    java.nio.file.Path err = dev.vigil.testkit.TempPaths.file("vigil-cli", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    java.util.List<String> argv = p.info().arguments().map(java.util.List::of).orElse(cmd);
    if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("vigil " + String.join(" ", args) + " did not end in 60 s");
    }
    return new Child(
        new CliRun(
            p.exitValue(),
            java.nio.file.Files.readString(out),
            java.nio.file.Files.readString(err)),
        argv);
  }

  /** A run in a child JVM and the arguments it was started with. */
  record Child(CliRun run, java.util.List<String> argv) {}
}
