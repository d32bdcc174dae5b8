package dev.vigil.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** A new database, its write-ahead log and shared-memory file are the owner's alone (0600). */
class SqliteFileModesTest {

  @Test
  void aNewDatabase_andTheFilesBesideIt_areReadableByTheOwnerAlone() throws Exception {
    Path dir = dev.vigil.testkit.TempPaths.directory("vigil-modes");
    Path file = dir.resolve("vigil.db");
    try (SqliteDatabase db = SqliteDatabase.open(file)) {
      db.write(
          c -> {
            try (var st = c.createStatement()) {
              return st.executeUpdate("INSERT INTO cursors (name, seq) VALUES ('modes', 1)");
            }
          });
      for (String name : new String[] {"vigil.db", "vigil.db-wal", "vigil.db-shm"}) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))))
            .as(name)
            .isEqualTo("rw-------");
      }
    }
  }
}
