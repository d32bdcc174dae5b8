package dev.vigil.server.beat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeClaimTest {
  @TempDir Path dir;

  @Test
  void firstClaim_findsNoEndedNode_andNamesItsOwn() throws Exception {
    try (NodeClaim claim = NodeClaim.take(dir, "node-a")) {
      assertThat(claim.held()).isTrue();
      assertThat(claim.ended()).isEmpty();
      assertThat(Files.readString(dir.resolve(NodeClaim.NAME))).isEqualTo("node-a");
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(dir.resolve(NodeClaim.NAME))))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void claimAfterANodeEnded_namesThatNode() {
    NodeClaim.take(dir, "node-a").close();
    try (NodeClaim claim = NodeClaim.take(dir, "node-b")) {
      assertThat(claim.ended()).contains("node-a");
    }
  }

  @Test
  void claimHeldInThisProcess_claimsNothing() throws Exception {
    try (NodeClaim held = NodeClaim.take(dir, "node-a");
        NodeClaim second = NodeClaim.take(dir, "node-b")) {
      assertThat(second.held()).isFalse();
      assertThat(second.ended()).isEmpty();
      assertThat(Files.readString(dir.resolve(NodeClaim.NAME))).isEqualTo("node-a");
    }
  }

  /** The claim of a process that is alive holds; once it is killed with SIGKILL, it has ended. */
  @Test
  void claimOfALiveProcess_claimsNothing_untilThatProcessIsKilled() throws Exception {
    Process holder =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                Holder.class.getName(),
                dir.toString(),
                "node-a")
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("claimed");
      try (NodeClaim claim = NodeClaim.take(dir, "node-b")) {
        assertThat(claim.held()).isFalse();
        assertThat(claim.ended()).isEmpty();
      }
      assertThat(Files.readString(dir.resolve(NodeClaim.NAME))).isEqualTo("node-a");
    } finally {
      holder.destroyForcibly();
      holder.waitFor();
    }
    try (NodeClaim claim = NodeClaim.take(dir, "node-c")) {
      assertThat(claim.ended()).contains("node-a");
    }
  }

  /** A process that claims the directory in its first argument as the node in its second. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      NodeClaim claim = NodeClaim.take(Path.of(args[0]), args[1]);
      System.out.println(claim.held() ? "claimed" : "not claimed");
      System.out.flush();
      System.in.read(); // until the test kills it
    }
  }
}
