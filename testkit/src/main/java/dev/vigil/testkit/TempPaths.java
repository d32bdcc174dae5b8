package dev.vigil.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Temporary directories and files for tests, deleted (a directory with all it holds) when the test
 * JVM exits. A test server or database often outlives the test method that made it (a restart on
 * the same directory, a child process that is killed), so they are kept until the JVM is done with
 * them rather than removed at each test's end; without this every CI run on a machine left some
 * three hundred directories in {@code /tmp}. Thread-safe.
 */
public final class TempPaths {
  private static final Set<Path> CREATED = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(TempPaths::deleteAll, "vigil-test-temp-cleanup"));
  }

  private TempPaths() {}

  /** A new empty directory under the system's temporary directory, named from {@code prefix}. */
  public static Path directory(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    CREATED.add(dir);
    return dir;
  }

  /** A new empty file under the system's temporary directory, named from the two parts. */
  public static Path file(String prefix, String suffix) throws IOException {
    Path file = Files.createTempFile(prefix, suffix);
    CREATED.add(file);
    return file;
  }

  /** Deletes every path made so far, and what is in it; what cannot be deleted is left. */
  static void deleteAll() {
    for (Path path : CREATED) {
      deleteTree(path);
      CREATED.remove(path);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // held by a process still running, or a mount point: left
                }
              });
    } catch (IOException | UncheckedIOException e) {
      // gone already, or changed while being walked: left
    }
  }
}
