package dev.vigil.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.TestServer;
import dev.vigil.server.cli.VigilCommand;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.server.keys.MasterKey;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code vigil migrate} moves a single SQLite node to PostgreSQL: tokens issued before stay valid,
 * revoked ones stay revoked, accounts sign in, and the event log's chain still verifies and goes
 * on; a second migration into the same schema is refused.
 */
class MigrateTest {
  private static final String GOOD = "violet kettle marching sideways 81";

  @Test
  void aSqliteNode_movedToPostgres_keepsItsSessionsAccountsAndChain() throws Exception {
    Path data = dev.vigil.testkit.TempPaths.directory("vigil-migrate");
    String kept;
    String revoked;
    String signedIn;
    try (TestServer lite = TestServer.start(data, Map.of())) {
      kept = lite.createToken("mover");
      revoked = lite.createToken("mover");
      lite.post("/v1/sessions/revoke", Map.of("token", revoked));
      lite.post("/v1/users", Map.of("username", "mover-account", "password", GOOD));
      signedIn =
          lite.post("/v1/auth/login", Map.of("username", "mover-account", "password", GOOD))
              .text("token");
      assertThat(lite.verify(signedIn).json().path("valid").asBoolean()).isTrue();
    }
    try (PostgresSchema schema = PostgresSchema.create()) {
      String master = MasterKey.generate();
      String[] migrate = schema.command(master, "migrate", "--data", data.toString());
      assertThat(VigilCommand.run(migrate)).isZero();

      Map<ConfigKey, String> postgres = schema.node(master, Map.of());
      try (TestServer pg =
          TestServer.start(dev.vigil.testkit.TempPaths.directory("vigil-moved"), postgres)) {
        assertThat(pg.verify(kept).json().path("valid").asBoolean()).isTrue();
        assertThat(pg.verify(signedIn).json().path("valid").asBoolean()).isTrue();
        assertThat(pg.verify(revoked).text("reason")).isEqualTo("REVOKED");
        assertThat(
                pg.post("/v1/auth/login", Map.of("username", "mover-account", "password", GOOD))
                    .status())
            .isEqualTo(200);
        pg.createToken("after-the-move");
        var check = pg.get("/v1/audit/verify").json();
        assertThat(check.path("intact").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.path("events").asLong()).isGreaterThan(5);
      }
      assertThat(VigilCommand.run(migrate)).as("the schema is no longer empty").isNotZero();
    }
  }
}
