package dev.vigil.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.StatsDimension;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The statistics query reads the partial covering index of migration V8 and never the table,
 * whatever it is grouped by (the timings are in docs/BENCHMARKS.md).
 */
class SqliteInvalidStatsPlanTest {
  @ParameterizedTest
  @EnumSource(StatsDimension.class)
  void statsQuery_usesTheCoveringIndexOfRefusals(StatsDimension by) throws Exception {
    try (SqliteDatabase db = TempDatabase.open()) {
      String plan =
          db.read(
              c -> {
                try (PreparedStatement ps =
                    c.prepareStatement("EXPLAIN QUERY PLAN " + SqliteAuditLog.statsQuery(by))) {
                  for (int i = 1; i <= 5; i++) {
                    ps.setLong(i, 1);
                  }
                  StringBuilder b = new StringBuilder();
                  try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                      b.append(rs.getString("detail")).append('\n');
                    }
                  }
                  return b.toString();
                }
              });
      assertThat(plan).contains("USING COVERING INDEX events_refused (time>? AND time<?)");
    }
  }
}
