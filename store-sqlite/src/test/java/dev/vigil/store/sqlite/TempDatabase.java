package dev.vigil.store.sqlite;

import java.io.IOException;
import java.nio.file.Path;

/** A fresh SQLite file in a temporary directory, for one test. */
final class TempDatabase {
  private TempDatabase() {}

  static SqliteDatabase open() throws IOException {
    Path dir = dev.vigil.testkit.TempPaths.directory("vigil-sqlite-test");
    return SqliteDatabase.open(dir.resolve("vigil.db"));
  }
}
