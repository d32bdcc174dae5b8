package dev.vigil.server.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.DataDirectory;
import dev.vigil.server.cli.VigilCommand;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What a data directory must be after a crash or a full disk: nothing corrupted. */
final class DataIntact {
  private DataIntact() {}

  /**
   * Asserts that {@code vigil audit verify-log} finds the audit chain intact and SQLite's {@code
   * PRAGMA integrity_check} answers {@code ok} for the database in {@code data}.
   */
  static void assertIntact(Path data) throws SQLException {
    assertThat(VigilCommand.run("audit", "verify-log", "--data", data.toString())).isZero();
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + data.resolve(DataDirectory.DATABASE));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("ok");
    }
  }
}
