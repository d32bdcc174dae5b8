package dev.vigil.server.crash;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small filesystem of its own, mounted on a fresh directory, for a test that fills it: a tmpfs of
 * the given size, else an ext4 image on a loop device. Mounting needs root (or CAP_SYS_ADMIN) on
 * Linux; the build machines and CI run as root in a container where both work, so with {@code
 * CI=true} a failure to mount fails the test, and elsewhere (a developer's laptop) it is skipped
 * with the reason. Closing it unmounts it and removes what it made.
 */
final class SmallFilesystem implements AutoCloseable {
  private final Path mount;
  private final Path image;
  private final String kind;

  private SmallFilesystem(Path mount, Path image, String kind) {
    this.mount = mount;
    this.image = image;
    this.kind = kind;
  }

  /** Mounts {@code mib} MiB, or skips (fails with {@code CI=true}) naming what was refused. */
  static SmallFilesystem mountOrSkip(int mib) throws IOException, InterruptedException {
    Path dir = dev.vigil.testkit.TempPaths.directory("vigil-small-fs");
    List<String> refused = new ArrayList<>();
    String tmpfs = run("mount", "-t", "tmpfs", "-o", "size=" + mib + "m", "tmpfs", dir.toString());
    if (tmpfs.isEmpty()) {
      return new SmallFilesystem(dir, null, "tmpfs of " + mib + " MiB");
    }
    refused.add("tmpfs: " + tmpfs);
    Path image = dev.vigil.testkit.TempPaths.file("vigil-small-fs", ".img");
    String loop = run("truncate", "-s", (2 * mib) + "M", image.toString());
    if (loop.isEmpty()) {
      loop = run("mkfs.ext4", "-q", "-F", image.toString());
    }
    if (loop.isEmpty()) {
      loop = run("mount", "-o", "loop", image.toString(), dir.toString());
    }
    if (loop.isEmpty()) {
      return new SmallFilesystem(dir, image, "ext4 loop device of " + (2 * mib) + " MiB");
    }
    refused.add("loop device: " + loop);
    Files.deleteIfExists(image);
    Files.deleteIfExists(dir);
    String why = "cannot mount a small filesystem (" + String.join("; ", refused) + ")";
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(why + ": CI machines run as root and can");
    }
    assumeTrue(false, why + ": skipped outside CI");
    throw new AssertionError("unreachable");
  }

  /** The mounted directory. */
  Path dir() {
    return mount;
  }

  /** What was mounted, for messages. */
  String kind() {
    return kind;
  }

  /**
   * Writes a file {@code name} in the filesystem until the filesystem refuses another byte, and
   * returns it; deleting it gives the space back.
   */
  Path fill(String name) throws IOException {
    Path filler = mount.resolve(name);
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
        out.flush();
      }
    } catch (IOException full) {
      // the last writes may have fitted only in part: top up byte by byte
      try (OutputStream out =
          Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
        while (true) {
          out.write(0);
          out.flush();
        }
      } catch (IOException fuller) {
        return filler;
      }
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    String umount = run("umount", mount.toString());
    if (!umount.isEmpty()) {
      // still busy: detach now, freed when the last file is closed
      String lazy = run("umount", "-l", mount.toString());
      if (!lazy.isEmpty()) {
        throw new IllegalStateException("cannot unmount " + mount + ": " + umount + "; " + lazy);
      }
    }
    Files.deleteIfExists(mount);
    if (image != null) {
      Files.deleteIfExists(image);
    }
  }

  /** Runs a command; returns "" when it succeeded, else its exit code and output. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException notThere) {
      return notThere.getMessage();
    }
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return String.join(" ", command) + " did not finish in 30 s";
    }
    String out = new String(p.getInputStream().readAllBytes()).strip();
    return p.exitValue() == 0 ? "" : "exit " + p.exitValue() + ": " + out;
  }
}
