package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.testkit.MutableClock;
import dev.vigil.testkit.Races;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Automatic rotation, the grace window, reuse detection and the race, over HTTP on SQLite, on a
 * clock the test moves.
 */
class RotationApiTest {
  private static final MutableClock CLOCK = new MutableClock(Instant.now());
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            Map.of(ConfigKey.ROTATE_AFTER, "PT1S", ConfigKey.ROTATION_GRACE, "PT1S"), CLOCK);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** The {@code renewed_token} of a reply, failing when the reply has none. */
  private static String renewed(Reply r) {
    assertThat(r.json().has("renewed_token")).as("renewed_token in %s", r.raw().body()).isTrue();
    String t = r.text("renewed_token");
    assertThat(t).startsWith("vs1.");
    return t;
  }

  @Test
  void dueToken_isRenewed_oldOneInGraceGetsSameSuccessor_reuseAfterGraceRevokes() {
    String first = server.createToken("rotator");
    CLOCK.advance(Duration.ofMillis(1_100));
    String second = renewed(server.verify(first));
    assertThat(renewed(server.verify(first))).isEqualTo(second);
    assertThat(server.verify(second).json().path("valid").asBoolean()).isTrue();

    CLOCK.advance(Duration.ofMillis(1_100));
    Reply reuse = server.verify(first);
    assertThat(reuse.text("reason")).isEqualTo("TOKEN_REUSED");
    Reply after = server.verify(second);
    assertThat(after.text("reason")).isEqualTo("REVOKED");
    assertThat(after.json().path("revocation").path("cause").asText()).isEqualTo("THEFT_SUSPECTED");

    Reply incident = server.get("/v1/incidents/" + reuse.text("incident"));
    assertThat(incident.text("reason")).isEqualTo("TOKEN_REUSED");
    assertThat(incident.text("cause"))
        .contains("Two clients held copies")
        .contains("THEFT_SUSPECTED");
  }

  @Test
  void renewedTokenLost_oldTokenKeepsWorking_withTheSameSuccessor() {
    String first = server.createToken("lossy");
    CLOCK.advance(Duration.ofMillis(1_100));
    String second = renewed(server.verify(first));
    CLOCK.advance(Duration.ofMillis(1_200));
    Reply again = server.verify(first);
    assertThat(again.json().path("valid").asBoolean())
        .as("past the grace window, but the successor was never used")
        .isTrue();
    assertThat(renewed(again)).isEqualTo(second);
  }

  @Test
  void manyConcurrentRequestsWithDueToken_allValid_exactlyOneSuccessor() throws Exception {
    String token = server.createToken("racer");
    CLOCK.advance(Duration.ofMillis(1_100));
    List<Reply> replies = Races.race(24, i -> server.verify(token));
    for (Reply r : replies) {
      assertThat(r.json().path("valid").asBoolean()).as(r.raw().body()).isTrue();
    }
    assertThat(replies.stream().map(RotationApiTest::renewed).distinct()).hasSize(1);
  }
}
