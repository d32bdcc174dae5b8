package dev.vigil.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.Eventually;
import dev.vigil.server.VigilProcess;
import dev.vigil.server.cli.VigilCommand;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.server.keys.MasterKey;
import dev.vigil.server.notify.WebhookReceiver;
import java.time.Duration;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three {@code vigil serve} processes on one PostgreSQL database behave as one: a session made on A
 * verifies on B and C, a rotation raced across the nodes has one successor, a reuse shown to
 * another node is caught, a revocation on C is refused by A within {@code revocation_bound}, a key
 * rotated on B signs on A, and when A, holding the rules' and the notifier's leases, is killed with
 * SIGKILL, B or C takes both over: the rules still find a theft and every notice is delivered once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeNodesTest {
  private static final Duration BOUND = Duration.ofSeconds(1);
  private static final Duration ROTATE_AFTER = Duration.ofSeconds(3);
  private static final String MASTER = MasterKey.generate();
  private static PostgresSchema schema;
  private static WebhookReceiver receiver;
  private static final List<VigilProcess> nodes = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    schema = PostgresSchema.create();
    receiver = new WebhookReceiver(0, 0);
    Map<ConfigKey, String> settings =
        schema.node(
            MASTER,
            Map.of(
                ConfigKey.REVOCATION_BOUND,
                BOUND.toString(),
                ConfigKey.ROTATE_AFTER,
                ROTATE_AFTER.toString(),
                ConfigKey.ROTATION_GRACE,
                "PT1S"));
    for (int i = 0; i < 3; i++) {
      nodes.add(VigilProcess.start(settings)); // A first: it takes every lease
    }
    Eventually.until(
        "A holds the rules' and the notifier's leases",
        Duration.ofSeconds(20),
        () -> a().holds("anomaly-rules") && a().holds("notifier"));
    assertThat(
            b().post(
                    "/v1/webhooks",
                    Map.of(
                        "url",
                        receiver.url(),
                        "events",
                        List.of("session.created", "anomaly.detected")))
                .status())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    nodes.forEach(VigilProcess::close);
    if (receiver != null) {
      receiver.close();
    }
    if (schema != null) {
      schema.close();
    }
  }

  private static VigilProcess a() {
    return nodes.get(0);
  }

  private static VigilProcess b() {
    return nodes.get(1);
  }

  private static VigilProcess c() {
    return nodes.get(2);
  }

  private static boolean valid(Reply r) {
    return r.json().path("valid").asBoolean();
  }

  @Test
  @Order(1)
  void aSessionMadeOnA_verifiesOnBAndC() {
    String token = a().createToken("roams-across-nodes");
    for (VigilProcess n : nodes) {
      assertThat(valid(n.verify(token))).isTrue();
    }
  }

  @Test
  @Order(2)
  void aRotationRacedAcrossNodes_hasExactlyOneSuccessor() throws Exception {
    String token = a().createToken("raced-rotation");
    Thread.sleep(ROTATE_AFTER.plusMillis(100).toMillis()); // the next presentation rotates
    List<Future<Reply>> replies = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(9)) {
      for (int i = 0; i < 9; i++) {
        VigilProcess n = nodes.get(i % 3);
        replies.add(pool.submit(() -> n.verify(token)));
      }
    }
    Set<String> successors = new HashSet<>();
    for (Future<Reply> f : replies) {
      Reply r = f.get();
      assertThat(valid(r)).as(r.raw().body()).isTrue();
      if (r.json().hasNonNull("renewed_token")) {
        successors.add(r.text("renewed_token"));
      }
    }
    assertThat(successors).hasSize(1);
    String next = successors.iterator().next();
    for (VigilProcess n : nodes) {
      assertThat(valid(n.verify(next))).isTrue();
    }
  }

  @Test
  @Order(3)
  void aTokenReusedOnAnotherNode_isCaught() throws Exception {
    String token = a().createToken("reused-elsewhere");
    Thread.sleep(ROTATE_AFTER.plusMillis(100).toMillis());
    String next = a().verify(token).text("renewed_token");
    assertThat(next).startsWith("vs1.");
    assertThat(valid(a().verify(next))).isTrue();
    Thread.sleep(1_100); // past rotation_grace

    Reply old = b().verify(token);
    assertThat(old.text("reason")).as(old.raw().body()).isEqualTo("TOKEN_REUSED");
    assertThat(c().verify(next).text("reason")).as("the whole session ended").isEqualTo("REVOKED");
  }

  @Test
  @Order(4)
  void aRevocationOnC_isRefusedByAWithinTheBound() throws Exception {
    String token = a().createToken("revoked-on-c");
    assertThat(valid(a().verify(token))).as("A holds it in its cache").isTrue();
    long start = System.nanoTime();
    assertThat(c().post("/v1/sessions/revoke", Map.of("token", token)).status()).isEqualTo(204);
    long refusedAfter = -1;
    while (System.nanoTime() - start < BOUND.multipliedBy(5).toNanos()) {
      if (a().verify(token).text("reason").equals("REVOKED")) {
        refusedAfter = System.nanoTime() - start;
        break;
      }
      Thread.sleep(5);
    }
    assertThat(refusedAfter).as("refused by A at all").isPositive();
    System.out.printf("revocation on C refused by A after %.1f ms%n", refusedAfter / 1e6);
    assertThat(Duration.ofNanos(refusedAfter)).isLessThanOrEqualTo(BOUND);
  }

  @Test
  @Order(5)
  void aKeyRotatedOnB_signsOnAWithinTheBound() throws Exception {
    for (int round = 1; round <= 3; round++) { // the reload's phase is random: three chances to lag
      String before = a().createToken("keys-before-" + round);
      String kidBefore = before.split("\\.")[1];
      assertThat(
              VigilCommand.run(
                  schema.command(MASTER, "keys", "rotate", "--data", b().data().toString())))
          .isZero();
      long rotated = System.nanoTime();
      String after = before;
      while (System.nanoTime() - rotated < BOUND.multipliedBy(5).toNanos()) {
        after = a().createToken("keys-after-" + round);
        if (!after.split("\\.")[1].equals(kidBefore)) {
          break;
        }
        Thread.sleep(20);
      }
      Duration lag = Duration.ofNanos(System.nanoTime() - rotated);
      assertThat(after.split("\\.")[1]).as("A signs with the new key").isNotEqualTo(kidBefore);
      System.out.printf("key rotated on B signs on A after %d ms%n", lag.toMillis());
      assertThat(lag).isLessThanOrEqualTo(BOUND);
      assertThat(valid(c().verify(after))).isTrue();
      assertThat(valid(c().verify(before))).as("the old key overlaps").isTrue();
    }
  }

  @Test
  @Order(6)
  void theRulesLeaseHoldersDeath_handsTheRulesAndNoticesOver_noneLostNoneDoubled()
      throws Exception {
    for (int i = 0; i < 5; i++) {
      b().createToken("before-kill-" + i);
    }
    Eventually.until(
        "A's notifier delivers what was created so far",
        Duration.ofSeconds(30),
        () -> created().size() >= expectedCreated());
    // A delivery the receiver took but A had not yet recorded is sent again by the next holder (at
    // least once, by design): "none doubled" holds for what A recorded, so wait for that first.
    Eventually.until(
        "A records every delivery it made",
        Duration.ofSeconds(30),
        () ->
            schemaCount("SELECT count(*) FROM " + schema.name() + ".outbox WHERE state = 'pending'")
                == 0);
    int createdBefore = expectedCreated();
    assertThat(thefts()).as("the reuse in an earlier test was found once").hasSize(1);

    a().kill(); // SIGKILL: no shutdown, no lease given up
    long killed = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      c().createToken("after-kill-" + i);
    }
    String token = b().createToken("stolen-after-kill");
    Thread.sleep(ROTATE_AFTER.plusMillis(100).toMillis());
    String next = b().verify(token).text("renewed_token");
    assertThat(valid(c().verify(next))).isTrue();
    Thread.sleep(1_100);
    assertThat(c().verify(token).text("reason")).isEqualTo("TOKEN_REUSED");

    Eventually.until(
        "B or C takes the rules' and the notifier's leases over",
        Duration.ofSeconds(60),
        () -> (b().holds("anomaly-rules") || c().holds("anomaly-rules")) && thefts().size() >= 2);
    System.out.printf(
        "rules taken over and the theft found %d ms after the kill%n",
        (System.nanoTime() - killed) / 1_000_000);
    Eventually.until(
        "every creation delivered",
        Duration.ofSeconds(30),
        () -> created().size() >= createdBefore + 6);
    Thread.sleep(3_000); // a doubled delivery would arrive within the survivors' next beats
    assertThat(thefts()).as("the theft after the kill, found by the new rules node").hasSize(2);
    assertThat(created()).hasSize(createdBefore + 6);
    assertThat(receiver.accepted().stream().map(WebhookReceiver.Delivery::id).distinct())
        .hasSize(receiver.accepted().size());
  }

  /** Sessions this class created so far (each test's tokens, all on PostgreSQL). */
  private static int expectedCreated() {
    return (int) schemaCount("SELECT count(*) FROM " + schema.name() + ".sessions");
  }

  private static long schemaCount(String sql) {
    try (var c =
            java.sql.DriverManager.getConnection(PostgresSchema.URL, PostgresSchema.USER, null);
        var st = c.createStatement();
        var rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<WebhookReceiver.Delivery> created() {
    return receiver.accepted().stream()
        .filter(d -> d.body().contains("\"type\":\"session.created\""))
        .toList();
  }

  private static List<WebhookReceiver.Delivery> thefts() {
    return receiver.accepted().stream()
        .filter(d -> d.body().contains("\"type\":\"anomaly.detected\""))
        .filter(d -> d.body().contains("token_theft"))
        .toList();
  }
}
