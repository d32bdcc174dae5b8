package dev.vigil.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteDataSource;

/**
 * A new database, migrated once when Vigil is built: the build runs {@link #main} (Maven's {@code
 * process-classes} phase), which has Flyway apply every migration of {@code db/sqlite} to an empty
 * file and puts that file on the class path as {@value #RESOURCE}. {@link SqliteDatabase#open}
 * copies it for a database file that does not exist yet, so a new data directory starts without
 * Flyway (a fifth of start-up on a new directory: docs/BENCHMARKS.md, "Start-up to ready"); a
 * database that exists still goes through Flyway whenever its history is not current. Flyway's
 * history in the copy says where it came from: {@code installed_by} is {@value #INSTALLED_BY} and
 * {@code installed_on} the build's time.
 */
public final class SchemaTemplate {
  /** Where the build puts the template, on the class path. */
  static final String RESOURCE = "dev/vigil/store/sqlite/schema-template.db";

  /** Flyway's {@code installed_by} for the migrations of the template. */
  static final String INSTALLED_BY = "vigil build";

  private SchemaTemplate() {}

  /**
   * Writes the template: {@code args[0]} is the file, replaced if it exists.
   *
   * @throws SQLException if Flyway or SQLite fails
   * @throws IOException if the file cannot be replaced
   */
  public static void main(String[] args) throws SQLException, IOException {
    Path file = Path.of(args[0]);
    Files.createDirectories(file.toAbsolutePath().getParent());
    for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
    }
    write(file);
  }

  /** Has Flyway migrate a new file at {@code file} and compacts it into one self-contained file. */
  static void write(Path file) throws SQLException {
    SQLiteDataSource source = new SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    Flyway.configure()
        .dataSource(source)
        .locations("classpath:db/sqlite")
        .installedBy(INSTALLED_BY)
        // the build has no SLF4J provider (its pom quiets SLF4J's warning): no line per migration
        .loggers("slf4j")
        .load()
        .migrate();
    try (Connection c = source.getConnection();
        Statement st = c.createStatement()) {
      // a rollback-journal file: no write-ahead log beside it to copy; opening it switches it
      st.execute("PRAGMA journal_mode = DELETE");
      st.execute("VACUUM");
    }
  }

  /**
   * Copies the template to {@code file} when no database is there yet (neither the file nor its
   * write-ahead log) and the template is on the class path (it is not when the classes were built
   * without Maven's {@code process-classes} phase). The copy is written beside {@code file} (mode
   * 0600, {@link SqliteDatabase#createOwnerOnly}), synced, and then moved into place, so a crash
   * never leaves a partial database behind.
   *
   * @return whether {@code file} is now a copy of the template
   * @throws IOException if the copy cannot be written
   */
  static boolean copyTo(Path file) throws IOException {
    if (Files.exists(file) || Files.exists(file.resolveSibling(file.getFileName() + "-wal"))) {
      return false;
    }
    try (InputStream template =
        SchemaTemplate.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (template == null) {
        return false;
      }
      Path partial = file.resolveSibling(file.getFileName() + ".new");
      Files.deleteIfExists(partial);
      try {
        SqliteDatabase.createOwnerOnly(partial);
        try (FileChannel written = FileChannel.open(partial, StandardOpenOption.WRITE)) {
          template.transferTo(java.nio.channels.Channels.newOutputStream(written));
          written.force(true);
        }
        // not replacing: a file made meanwhile (it cannot be Vigil's: the data directory is
        // locked) is left as it is and opened as it is
        Files.move(partial, file);
        return true;
      } catch (java.nio.file.FileAlreadyExistsException made) {
        return false;
      } finally {
        Files.deleteIfExists(partial);
      }
    }
  }
}
