package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.TestServer;
import dev.vigil.server.TestServer.Reply;
import dev.vigil.server.config.ConfigKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Automatic rotation, the grace window, reuse detection and the race, over HTTP on SQLite. */
class RotationApiTest {
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(Map.of(ConfigKey.ROTATE_AFTER, "PT1S", ConfigKey.ROTATION_GRACE, "PT1S"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void dueToken_isRenewed_oldOneInGraceGetsSameSuccessor_reuseAfterGraceRevokes() throws Exception {
    String first = server.createToken("rotator");
    Thread.sleep(1_100);
    String second = server.verify(first).text("renewed_token");
    assertThat(second).startsWith("vs1.");
    assertThat(server.verify(first).text("renewed_token")).isEqualTo(second);
    assertThat(server.verify(second).json().path("valid").asBoolean()).isTrue();

    Thread.sleep(1_100);
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
  void renewedTokenLost_oldTokenKeepsWorking() throws Exception {
    String first = server.createToken("lossy");
    Thread.sleep(1_100);
    String second = server.verify(first).text("renewed_token");
    Thread.sleep(1_200);
    Reply again = server.verify(first);
    assertThat(again.json().path("valid").asBoolean()).isTrue();
    assertThat(again.text("renewed_token")).isEqualTo(second);
  }

  @Test
  void manyConcurrentRequestsWithDueToken_allValid_exactlyOneSuccessor() throws Exception {
    String token = server.createToken("racer");
    Thread.sleep(1_100);
    int threads = 24;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Reply>> replies = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        replies.add(
            pool.submit(
                () -> {
                  go.await();
                  return server.verify(token);
                }));
      }
      go.countDown();
      Set<String> successors = new HashSet<>();
      for (Future<Reply> f : replies) {
        Reply r = f.get();
        assertThat(r.json().path("valid").asBoolean()).as(r.raw().body()).isTrue();
        successors.add(r.text("renewed_token"));
      }
      assertThat(successors).hasSize(1);
    }
  }
}
