package dev.vigil.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.session.StoreUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

/**
 * A new database is a copy of the build's {@link SchemaTemplate}; opening a database that every
 * migration of this build has reached skips Flyway; anything else goes through it.
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
    Path file = dev.vigil.testkit.TempPaths.directory("vigil-migrations").resolve("vigil.db");
    SqliteDatabase.open(file).close();
    // Flyway validates checksums: it would refuse this history. Skipped, it never sees it.
    sql(file, "UPDATE flyway_schema_history SET checksum = 1 WHERE version = '1'");
    SqliteDatabase.open(file).close();
  }

  @Test
  void aDatabaseOfAnOlderBuild_goesThroughFlyway_whichMigratesIt() throws Exception {
    Path file = dev.vigil.testkit.TempPaths.directory("vigil-migrations").resolve("vigil.db");
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
    Path file = dev.vigil.testkit.TempPaths.directory("vigil-migrations").resolve("vigil.db");
    SqliteDatabase.open(file).close();
    sql(file, "UPDATE flyway_schema_history SET success = 0, checksum = 1 WHERE version = '14'");
    assertThatThrownBy(() -> SqliteDatabase.open(file))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void aNewDatabase_isACopyOfTheBuildsTemplate_withTheSchemaFlywayMakes() throws Exception {
    Path dir = dev.vigil.testkit.TempPaths.directory("vigil-migrations");
    Path file = dir.resolve("vigil.db");
    SqliteDatabase.open(file).close();
    Path migrated = dir.resolve("flyway.db");
    SQLiteDataSource source = new SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + migrated);
    Flyway.configure().dataSource(source).locations("classpath:db/sqlite").load().migrate();

    assertThat(rows(file, "SELECT DISTINCT installed_by FROM flyway_schema_history"))
        .containsExactly(List.of(SchemaTemplate.INSTALLED_BY));
    String history =
        "SELECT version, description, script, checksum, success FROM flyway_schema_history"
            + " ORDER BY installed_rank";
    assertThat(rows(file, history))
        .isEqualTo(rows(migrated, history))
        .hasSize(SqliteDatabase.NEWEST_MIGRATION);
    String schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name";
    assertThat(rows(file, schema)).isEqualTo(rows(migrated, schema));
    assertThat(rows(file, "PRAGMA journal_mode")).containsExactly(List.of("wal"));
    assertThat(dir.resolve("vigil.db.new")).doesNotExist();
  }

  @Test
  void anExistingFile_isNotReplacedByTheTemplate() throws Exception {
    Path file = dev.vigil.testkit.TempPaths.directory("vigil-migrations").resolve("vigil.db");
    sql(file, "CREATE TABLE mine (x INTEGER)");
    assertThat(SchemaTemplate.copyTo(file)).isFalse();
    assertThat(rows(file, "SELECT name FROM sqlite_master")).containsExactly(List.of("mine"));
  }

  private static List<List<String>> rows(Path file, String query) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery(query)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static void sql(Path file, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.executeUpdate(statement);
    }
  }
}
