package dev.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil serve} refuses to start with a heap limit below what its {@code cache_size} needs
 * (this JVM's limit is far below the 95 GiB a cache of 100,000,000 sessions needs): exit code 2,
 * one line naming the limit, the need and the ways out, and no data directory opened.
 */
class ServeHeapTest {
  @Test
  void aCacheTooLargeForTheHeap_isRefusedAtStart_withTheWayOut(@TempDir Path dir) {
    Path data = dir.resolve("data");
    CliRun r =
        CliRun.of("serve", "--data", data.toString(), "--port", "0", "--cache-size", "100000000");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("vigil: the heap limit is")
        .contains("cache_size 100000000 needs at least")
        .contains("VIGIL_HEAP=");
    assertThat(Files.exists(data.resolve("vigil.db"))).as("nothing opened").isFalse();
  }
}
