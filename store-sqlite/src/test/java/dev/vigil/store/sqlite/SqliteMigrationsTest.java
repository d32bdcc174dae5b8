package dev.vigil.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.session.StoreUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Opening a database that every migration of this build has reached skips Flyway; anything else
 * goes through it.
 */
class SqliteMigrationsTest {
  @Test
  void theNewestMigration_isTheFoldersNewest() throws Exception {
    Path folder = Path.of(SqliteDatabase.class.getResource("/db/sqlite").toURI());
    Pattern name = Pattern.compile("V(\\d+)__.*\\.sql");
    int newest;
    try (Stream<Path> files = Files.list(folder)) {
      newest =
          files
              .map(f -> name.matcher(f.getFileName().toString()))
              .filter(Matcher::matches)
              .mapToInt(m -> Integer.parseInt(m.group(1)))
              .max()
              .orElseThrow();
    }
    assertThat(SqliteDatabase.NEWEST_MIGRATION).isEqualTo(newest);
  }

  @Test
  void aMigratedDatabase_opensWithoutFlyway_whichWouldHaveRefusedItsEditedHistory()
      throws Exception {
    Path file = Files.createTempDirectory("vigil-migrations").resolve("vigil.db");
    SqliteDatabase.open(file).close();
    // Flyway validates checksums: it would refuse this history. Skipped, it never sees it.
    sql(file, "UPDATE flyway_schema_history SET checksum = 1 WHERE version = '1'");
    SqliteDatabase.open(file).close();
  }

  @Test
  void aDatabaseOfAnOlderBuild_goesThroughFlyway_whichMigratesIt() throws Exception {
    Path file = Files.createTempDirectory("vigil-migrations").resolve("vigil.db");
    SqliteDatabase.open(file).close();
    // as an older build without V14 left it
    sql(file, "DROP TABLE sign_in_blocks");
    sql(file, "DELETE FROM flyway_schema_history WHERE version = '14'");
    SqliteDatabase.open(file).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        java.sql.ResultSet rs =
            st.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sign_in_blocks'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void aFailedMigration_goesThroughFlyway() throws Exception {
    Path file = Files.createTempDirectory("vigil-migrations").resolve("vigil.db");
    SqliteDatabase.open(file).close();
    sql(file, "UPDATE flyway_schema_history SET success = 0, checksum = 1 WHERE version = '14'");
    assertThatThrownBy(() -> SqliteDatabase.open(file))
        .isInstanceOf(StoreUnavailableException.class);
  }

  private static void sql(Path file, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.executeUpdate(statement);
    }
  }
}
