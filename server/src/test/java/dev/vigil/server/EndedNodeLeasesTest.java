package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.beat.NodeClaim;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.server.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that starts on a data directory whose last node ended without giving up its leases (a
 * crash, {@code kill -9}) takes that node's work over at once rather than when its leases run out;
 * one that finds the directory claimed by a live node leaves that node's leases alone.
 */
class EndedNodeLeasesTest {
  private static final List<String> LEASES = List.of("notifier", "anomaly-rules", "purge");

  @TempDir Path data;

  @Test
  void start_afterANodeEndedHoldingItsLeases_takesThemAtOnce() throws Exception {
    TestServer.start(data, Map.of()).close();
    holdForAnHour(data, "node-ended");
    Files.writeString(data.resolve(NodeClaim.NAME), "node-ended");
    assertThat(holders(data)).containsExactly("node-ended", "node-ended", "node-ended");

    try (TestServer node = TestServer.start(data, Map.of())) {
      assertThat(holders(data)).doesNotContain("node-ended");
    }
  }

  @Test
  void start_whileALiveNodeClaimsTheDirectory_leavesItsLeases() throws Exception {
    TestServer.start(data, Map.of()).close();
    try (NodeClaim live = NodeClaim.take(data, "node-live")) {
      holdForAnHour(data, "node-live");
      try (TestServer node = TestServer.start(data, Map.of())) {
        assertThat(holders(data)).containsExactly("node-live", "node-live", "node-live");
      }
    }
  }

  /** The holder of each lease, read from the database itself. */
  private static List<String> holders(Path data) throws java.sql.SQLException {
    List<String> holders = new java.util.ArrayList<>();
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(
                "jdbc:sqlite:" + data.resolve(DataDirectory.DATABASE));
        java.sql.ResultSet rs =
            c.createStatement().executeQuery("SELECT holder FROM leases ORDER BY name")) {
      while (rs.next()) {
        holders.add(rs.getString(1));
      }
    }
    return holders;
  }

  private static void holdForAnHour(Path data, String node) {
    try (DataDirectory d = DataDirectory.open(config(data), Clock.systemUTC())) {
      Instant now = Instant.now();
      for (String lease : LEASES) {
        assertThat(d.leases().hold(lease, node, now, now.plusSeconds(3600))).as(lease).isTrue();
      }
    }
  }

  private static dev.vigil.server.config.VigilConfig config(Path data) {
    return ConfigLoader.load(Optional.empty(), Map.of(), Map.of(ConfigKey.DATA, data.toString()));
  }
}
