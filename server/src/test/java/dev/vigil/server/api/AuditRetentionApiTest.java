package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.audit.Event;
import dev.vigil.server.DataDirectory;
import dev.vigil.server.TestServer;
import dev.vigil.server.cli.VigilCommand;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.store.sqlite.SqliteAuditLog;
import dev.vigil.store.sqlite.SqliteDatabase;
import dev.vigil.testkit.TestEvents;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pruning task: five events three days old and two from the last hour; with {@code
 * audit_retention: P1D} the old five go at the first purge, the chain still verifies from its
 * anchor, and deleting the oldest remaining event afterwards is reported.
 */
class AuditRetentionApiTest {

  @Test
  void oldEventsArePruned_chainVerifiesFromTheAnchor_thenATruncatedHeadIsReported()
      throws Exception {
    Path data = dev.vigil.testkit.TempPaths.directory("vigil-retention-test");
    Path file = data.resolve(DataDirectory.DATABASE);
    Instant now = Instant.now();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(created("old-" + i, now.minus(Duration.ofDays(3))));
    }
    events.add(created("recent-0", now.minus(Duration.ofHours(1))));
    events.add(created("recent-1", now.minus(Duration.ofHours(1))));
    try (SqliteDatabase db = SqliteDatabase.open(file)) {
      new SqliteAuditLog(db).appendAll(events);
    }

    try (TestServer server =
        TestServer.start(
            data, Map.of(ConfigKey.AUDIT_RETENTION, "P1D", ConfigKey.PURGE_INTERVAL, "PT1S"))) {
      JsonNode check = awaitPruned(server);
      assertThat(check.path("intact").asBoolean()).isTrue();
      assertThat(check.path("pruned").asLong()).isEqualTo(5);
      assertThat(check.path("anchor").path("seq").asLong()).isEqualTo(5);
      assertThat(Instant.parse(check.path("anchor").path("through").asText()))
          .isEqualTo(events.get(4).time());
      assertThat(server.get("/v1/events?subject=old-0").json().path("events")).isEmpty();
      JsonNode pruned = server.get("/v1/events?type=audit.pruned").json().path("events");
      assertThat(pruned).hasSize(1);
      assertThat(pruned.get(0).path("detail").path("removed").asText()).isEqualTo("5");
      assertThat(pruned.get(0).path("detail").path("anchor_link").asText())
          .isEqualTo(check.path("anchor").path("link").asText());
      assertThat(VigilCommand.run("audit", "verify-log", "--data", data.toString())).isZero();

      try (SqliteDatabase db = SqliteDatabase.open(file)) {
        db.write(
            c -> {
              try (PreparedStatement ps = c.prepareStatement("DELETE FROM events WHERE id = ?")) {
                ps.setString(1, events.get(5).id().value());
                return ps.executeUpdate();
              }
            });
      }
      JsonNode broken = server.get("/v1/audit/verify").json();
      assertThat(broken.path("intact").asBoolean()).isFalse();
      assertThat(broken.path("first_broken").asText()).isEqualTo(events.get(6).id().value());
      assertThat(VigilCommand.run("audit", "verify-log", "--data", data.toString())).isOne();
    }
  }

  private static JsonNode awaitPruned(TestServer server) throws InterruptedException {
    JsonNode check = server.get("/v1/audit/verify").json();
    for (int i = 0; i < 50 && check.path("pruned").asLong() == 0; i++) {
      Thread.sleep(200);
      check = server.get("/v1/audit/verify").json();
    }
    return check;
  }

  private Event created(String subject, Instant at) {
    return TestEvents.created(at, subject);
  }
}
