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
 * {@code bin/find-jdk}, which mvnw, bin/vigil and .ci/run source: it reads a JDK's version from its
 * {@code release} file without starting it, and takes only 21 or newer.
 */
class FindJdkTest {
  private static final Path FIND_JDK = Path.of("..", "bin", "find-jdk").toAbsolutePath();

  @Test
  void aJdkIsJudgedByItsReleaseFile_withoutStartingIt() throws Exception {
    // a java that fails if it is ever run
    Path jdk21 = fakeJdk("21.0.4");
    assertThat(run(". " + FIND_JDK + " && vigil_find_jdk", Map.of("JAVA_HOME", jdk21.toString())))
        .isEqualTo(jdk21.toString());
    assertThat(run(". " + FIND_JDK + " && vigil_java_major " + jdk21.resolve("bin/java"), Map.of()))
        .isEqualTo("21");
    Path jdk17 = fakeJdk("17.0.12");
    assertThat(run(". " + FIND_JDK + " && vigil_java_major " + jdk17.resolve("bin/java"), Map.of()))
        .isEqualTo("17");
    assertThat(
            run(
                ". " + FIND_JDK + " && vigil_jdk_ok " + jdk17 + " && echo ok || echo refused",
                Map.of()))
        .isEqualTo("refused");
  }

  private static Path fakeJdk(String version) throws IOException {
    return fakeJdk(version, "echo 'started' >&2\nexit 1");
  }

  /**
   * A JDK folder of {@code version} (its {@code release} file) whose {@code java} and {@code javac}
   * are shell scripts running {@code body}.
   */
  static Path fakeJdk(String version, String body) throws IOException {
    Path home = dev.vigil.testkit.TempPaths.directory("vigil-fake-jdk");
    Files.createDirectories(home.resolve("bin"));
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    for (String tool : new String[] {"java", "javac"}) {
      Path p = home.resolve("bin").resolve(tool);
      Files.writeString(p, "#!/bin/sh\n" + body + "\n");
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return home;
  }

  private static String run(String script, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true);
    pb.environment().remove("JAVA_HOME");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor();
    return out;
  }
}
