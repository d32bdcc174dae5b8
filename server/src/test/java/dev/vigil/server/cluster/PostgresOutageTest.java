package dev.vigil.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.Eventually;
import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.server.keys.MasterKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL crashes ({@code pg_ctl stop -m immediate}) in the middle of a mixed load and comes
 * back: while it is down calls answer 503 {@code STORE_UNAVAILABLE} and readiness turns false; a
 * valid token is never called invalid and a revoked one never valid; service resumes by itself, and
 * every session whose creation was acknowledged is there afterwards.
 */
class PostgresOutageTest {
  @Test
  void aCrashOfTheDatabase_isOnly503s_andNothingAcknowledgedIsLost() throws Exception {
    try (OwnPostgres pg = OwnPostgres.start();
        TestServer node =
            TestServer.start(
                dev.vigil.testkit.TempPaths.directory("vigil-outage"),
                Map.of(
                    ConfigKey.STORE, "postgres",
                    ConfigKey.POSTGRES_URL, pg.url(),
                    ConfigKey.POSTGRES_USER, "postgres",
                    ConfigKey.POSTGRES_SCHEMA, "vigil",
                    ConfigKey.MASTER_KEY, MasterKey.generate(),
                    ConfigKey.STORE_TIMEOUT, "PT1S"))) {
      List<String> valid = new ArrayList<>();
      List<String> revoked = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        valid.add(node.createToken("steady-" + i));
        String r = node.createToken("ended-" + i);
        node.post("/v1/sessions/revoke", Map.of("token", r));
        revoked.add(r);
      }
      ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
      AtomicInteger unavailable = new AtomicInteger();
      AtomicBoolean running = new AtomicBoolean(true);
      List<Thread> load = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int seed = t;
        load.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      int i = seed;
                      while (running.get()) {
                        i++;
                        check(node, valid.get(i % valid.size()), true, wrong, unavailable);
                        check(node, revoked.get(i % revoked.size()), false, wrong, unavailable);
                        Reply created =
                            node.post(
                                "/v1/sessions", Map.of("subject", "during-" + seed + "-" + i));
                        if (created.status() == 201) {
                          acknowledged.add(created.text("token"));
                        } else if (is503(created)) {
                          unavailable.incrementAndGet();
                        } else {
                          wrong.add(
                              "create answered " + created.status() + " " + created.raw().body());
                        }
                      }
                    }));
      }
      Thread.sleep(1_000);
      pg.crash();
      Eventually.until(
          "readiness turns false",
          Duration.ofSeconds(10),
          () -> node.get("/health/ready").status() == 503);
      Thread.sleep(3_000);
      pg.up();
      Eventually.until(
          "readiness comes back by itself",
          Duration.ofSeconds(30),
          () -> node.get("/health/ready").status() == 200);
      Thread.sleep(2_000);
      running.set(false);
      for (Thread t : load) {
        t.join();
      }

      assertThat(wrong).as("answers that were neither right nor 503").isEmpty();
      assertThat(unavailable.get()).as("calls that met the outage").isPositive();
      assertThat(acknowledged).hasSizeGreaterThan(10);
      for (String token : acknowledged) {
        assertThat(node.verify(token).json().path("valid").asBoolean())
            .as("an acknowledged session is still there")
            .isTrue();
      }
      for (String token : revoked) {
        assertThat(node.verify(token).text("reason")).isEqualTo("REVOKED");
      }
    }
  }

  private static void check(
      TestServer node,
      String token,
      boolean shouldBeValid,
      ConcurrentLinkedQueue<String> wrong,
      AtomicInteger unavailable) {
    Reply r = node.verify(token);
    if (is503(r)) {
      unavailable.incrementAndGet();
      return;
    }
    boolean valid = r.json().path("valid").asBoolean();
    if (valid != shouldBeValid) {
      wrong.add(
          (shouldBeValid ? "valid token answered " : "revoked token answered ") + r.raw().body());
    }
  }

  private static boolean is503(Reply r) {
    return r.status() == 503 && "STORE_UNAVAILABLE".equals(r.text("reason"));
  }
}
