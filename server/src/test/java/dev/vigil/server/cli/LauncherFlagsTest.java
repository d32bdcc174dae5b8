package dev.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JVM settings {@code bin/vigil serve} starts the server with (issue 12, resident memory): the
 * heap limit from the cache size, a 32 MiB initial heap only under a limit of its own, the serial
 * collector only under a limit of its own of 512 MiB or less, compact object headers only on JDK
 * 25+, and two malloc arenas unless the operator chose otherwise. Run against a copy of the
 * launcher beside an empty jar, with a {@code java} that prints what it got.
 */
class LauncherFlagsTest {
  private static final Path BIN = Path.of("..", "bin").toAbsolutePath();

  @Test
  void serve_onJdk25_getsTheLeanSettings() throws Exception {
    String got = serve(fakeJdk("25.0.1"), Map.of());
    assertThat(got)
        .contains("-Xmx257m", "-Xms32m", "-XX:+UseCompactObjectHeaders", "MALLOC_ARENA_MAX=2")
        .contains("-XX:+UseSerialGC")
        .contains("-jar", "serve");
    // Yauaa's rules need 96 MiB more (HeapBudget); the keyword analyzer 16 MiB less than uap
    assertThat(serve(fakeJdk("25.0.1"), Map.of("VIGIL_USER_AGENT_ANALYZER", "yauaa")))
        .contains("-Xmx353m");
    assertThat(serve(fakeJdk("25.0.1"), Map.of("VIGIL_USER_AGENT_ANALYZER", "keywords")))
        .contains("-Xmx241m");
  }

  @Test
  void anOperatorsHeapOrArenas_areKept_andJdk21GetsNoHeaderFlag() throws Exception {
    String got = serve(fakeJdk("21.0.4"), Map.of("VIGIL_HEAP", "24m", "MALLOC_ARENA_MAX", "4"));
    assertThat(got).contains("-Xmx24m", "MALLOC_ARENA_MAX=4");
    assertThat(got).doesNotContain("-Xms32m", "UseCompactObjectHeaders");
    String theirs = serve(fakeJdk("25.0.1"), Map.of("JAVA_TOOL_OPTIONS", "-Xmx64m"));
    assertThat(theirs).doesNotContain("-Xmx257m", "-Xms32m");
  }

  @Test
  void theSerialCollector_onlyUnderASmallLimitOfItsOwn_andNeverOverAnOperatorsChoice()
      throws Exception {
    // 160 MiB + 400,000 / 1024 = 550 MiB: over 512, the JVM's own choice stays
    assertThat(serve(fakeJdk("25.0.1"), Map.of("VIGIL_CACHE_SIZE", "400000")))
        .contains("-Xmx550m")
        .doesNotContain("UseSerialGC");
    assertThat(serve(fakeJdk("25.0.1"), Map.of("VIGIL_HEAP", "200m")))
        .doesNotContain("UseSerialGC");
    assertThat(serve(fakeJdk("25.0.1"), Map.of("JDK_JAVA_OPTIONS", "-XX:+UseZGC")))
        .contains("-Xmx257m")
        .doesNotContain("UseSerialGC");
  }

  @Test
  void recordingTheAotCache_theWarmUpIsOff_withItShort_andWithoutItWhole() throws Exception {
    // the first start after a build records the cache, which would keep what the warm-up loads
    assertThat(serve(fakeJdk("25.0.1"), Map.of()))
        .contains("-XX:AOTCacheOutput=", "-D" + WarmUp.PROPERTY + "=false");
    assertThat(serve(fakeJdk("25.0.1"), Map.of(), true))
        .contains("-XX:AOTCache=", "-D" + WarmUp.PROPERTY + "=" + WarmUp.CACHED)
        .doesNotContain(WarmUp.PROPERTY + "=false");
    assertThat(serve(fakeJdk("25.0.1"), Map.of("VIGIL_NO_AOT", "1"), true))
        .doesNotContain("AOTCache", "vigil.warm-up");
  }

  @Test
  void theLauncher_runsNoProgramButJava() throws Exception {
    // every program the script ran (dirname, ls, grep, head, sed: eight of them) added a few
    // milliseconds to every command, 51 ms in all against 17 now (docs/BENCHMARKS.md, "Start-up
    // to ready"); with nothing on the PATH it must still find its jar and JDK and start the JVM
    Path empty = dev.vigil.testkit.TempPaths.directory("vigil-empty-path");
    assertThat(serve(fakeJdk("25.0.1"), Map.of("PATH", empty.toString()), true))
        .contains("-XX:AOTCache=", "-Xmx257m", "-XX:+UseCompactObjectHeaders", "-jar", "serve");
  }

  private static String serve(Path jdk, Map<String, String> env) throws Exception {
    return serve(jdk, env, false);
  }

  /**
   * Runs {@code bin/vigil serve} from a copy beside an empty jar, and with {@code cache} an AOT
   * cache newer than it; what the fake java printed.
   */
  private static String serve(Path jdk, Map<String, String> env, boolean cache) throws Exception {
    Path root = dev.vigil.testkit.TempPaths.directory("vigil-launcher");
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("server/target"));
    for (String script : new String[] {"vigil", "find-jdk"}) {
      Path copy = root.resolve("bin").resolve(script);
      Files.copy(BIN.resolve(script), copy);
      Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.createFile(root.resolve("server/target/vigil-0.jar"));
    if (cache) {
      Path aot = Files.createFile(root.resolve("server/target/vigil-0.aot"));
      Files.setLastModifiedTime(
          aot, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    }
    ProcessBuilder pb =
        new ProcessBuilder("sh", root.resolve("bin/vigil").toString(), "serve", "--data", "d")
            .redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("VIGIL_") || k.startsWith("MALLOC_"));
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    pb.environment().put("JAVA_HOME", jdk.toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor();
    return out;
  }

  /** A JDK of {@code version} whose java prints its arguments and MALLOC_ARENA_MAX. */
  private static Path fakeJdk(String version) throws IOException {
    return FindJdkTest.fakeJdk(version, "echo \"MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX $*\"");
  }
}
