package dev.vigil.server.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.TestServer;
import dev.vigil.server.VigilProcess;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A full disk (issue 11 §5): {@code vigil serve} in a process of its own with its data directory on
 * a small filesystem of its own ({@link SmallFilesystem}, a tmpfs), which the test fills while it
 * runs. Every write (create, rotate, revoke, sign-in, a new user) must then either succeed and take
 * effect (it fitted in the space the write-ahead log already holds) or answer 503 with a problem,
 * never 500 and never hang, and not take effect; each kind is repeated until it is refused; every
 * read (verify, the session and audit GETs, readiness) must go on answering; when the space comes
 * back, writes must succeed again without a restart; and after a restart nothing is corrupted:
 * {@code PRAGMA integrity_check}, the audit chain, every earlier session.
 */
class FullDiskTest {
  /** Against hangs only: a write on a full disk must be refused, not left waiting. */
  private static final Duration NO_HANG = Duration.ofSeconds(30);

  private static final String PASSWORD = "correct horse battery staple 7";

  /** The most times one kind of write is accepted on the full disk before one must be refused. */
  private static final int MAX_ATTEMPTS = 5_000;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES) // against hangs only
  void fullDisk_refusesWritesWith503_keepsReads_resumesWhenSpaceReturns() throws Exception {
    // outside the small filesystem, and kept for a failure's post-mortem
    Path log = Path.of("target", "full-disk-" + System.currentTimeMillis() + ".log");
    try (SmallFilesystem fs = SmallFilesystem.mountOrSkip(8)) {
      Path data = Files.createDirectory(fs.dir().resolve("data"));
      List<String> live = new ArrayList<>();
      String revoked;
      String superseded;
      try (VigilProcess node = VigilProcess.start(data, log, Map.of())) {
        for (int i = 0; i < 6; i++) {
          live.add(node.createToken("full-disk-" + i));
        }
        revoked = node.createToken("full-disk-revoked");
        assertThat(send(node, post(node, "/v1/sessions/revoke", token(revoked))).status())
            .isEqualTo(204);
        superseded = node.createToken("full-disk-rotated");
        Reply rotated = send(node, post(node, "/v1/sessions/rotate", token(superseded)));
        assertThat(rotated.status()).isEqualTo(200);
        live.add(rotated.text("token"));
        Reply user =
            send(
                node,
                post(
                    node,
                    "/v1/users",
                    "{\"username\":\"dora\",\"password\":\"" + PASSWORD + "\"}"));
        assertThat(user.status()).as(user.raw().body()).isEqualTo(201);
        String sessionId = node.verify(live.get(0)).json().path("session").path("id").asText();
        Reply idle =
            send(
                node,
                post(node, "/v1/sessions", "{\"subject\":\"idle\",\"idle_timeout\":\"PT20S\"}"));
        assertThat(idle.status()).as(idle.raw().body()).isEqualTo(201);
        Instant idleSince = Instant.now();

        Path filler = fs.fill("filler");
        assertThat(Files.getFileStore(fs.dir()).getUsableSpace()).as(fs.kind()).isLessThan(8192);

        // a write that fits in the space the write-ahead log already holds still succeeds (the
        // background checkpointer lets the log start again from its beginning, so a write can fit
        // again after one was refused): each kind of write is repeated until the disk refuses it,
        // each refusal must be a 503 problem, and each success must have taken effect
        List<String> revokedOnFullDisk = new ArrayList<>();
        List<String> supersededOnFullDisk = new ArrayList<>();
        int[] n = {0};
        refusedWithin(
            node,
            () -> post(node, "/v1/sessions", "{\"subject\":\"full-disk-fill-" + n[0]++ + "\"}"),
            201,
            created -> live.add(created.text("token")));
        refusedWithin(
            node,
            () -> post(node, "/v1/sessions/rotate", token(live.get(0))),
            200,
            next -> supersededOnFullDisk.add(live.set(0, next.text("token"))));
        refusedWithin(
            node,
            () -> post(node, "/v1/sessions/revoke", token(live.get(1))),
            204,
            done -> revokedOnFullDisk.add(live.remove(1)));
        refusedWithin(
            node,
            () -> post(node, "/v1/auth/login", login()),
            200,
            signedIn -> live.add(signedIn.text("token")));
        refusedWithin(
            node,
            () ->
                post(
                    node,
                    "/v1/users",
                    "{\"username\":\"erin" + n[0]++ + "\",\"password\":\"" + PASSWORD + "\"}"),
            201,
            added -> {});

        for (String t : revokedOnFullDisk) {
          assertThat(node.verify(t).text("reason")).isEqualTo("REVOKED");
        }
        for (String t : supersededOnFullDisk) {
          assertThat(node.verify(t).text("reason")).isEqualTo("SUPERSEDED");
        }
        readsWork(node, live, revoked, superseded, sessionId);
        // a verification due to record the session's use (every idle_timeout / 10, here 2 s)
        Thread.sleep(
            Math.max(0, Duration.between(Instant.now(), idleSince.plusSeconds(3)).toMillis()));
        Reply touched = node.verify(idle.text("token"));
        assertThat(touched.json().path("valid").asBoolean()).as(touched.raw().body()).isTrue();
        assertThat(node.status("/health/ready")).isEqualTo(200);
        assertThat(node.status("/health/live")).isEqualTo(200);

        Files.delete(filler);
        Reply created = send(node, post(node, "/v1/sessions", "{\"subject\":\"after\"}"));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        live.add(created.text("token"));
        Reply rotatedAgain = send(node, post(node, "/v1/sessions/rotate", token(live.get(0))));
        assertThat(rotatedAgain.status()).as(rotatedAgain.raw().body()).isEqualTo(200);
        superseded = live.set(0, rotatedAgain.text("token"));
        Reply revokedAgain = send(node, post(node, "/v1/sessions/revoke", token(live.get(1))));
        assertThat(revokedAgain.status()).isEqualTo(204);
        revoked = live.remove(1);
        Reply signedIn = send(node, post(node, "/v1/auth/login", login()));
        assertThat(signedIn.status()).as(signedIn.raw().body()).isEqualTo(200);
        live.add(signedIn.text("token"));
        sessionId = node.verify(live.get(0)).json().path("session").path("id").asText();
      }

      try (VigilProcess node = VigilProcess.start(data, log, Map.of())) {
        readsWork(
            node,
            live,
            revoked,
            superseded,
            node.verify(live.get(0)).json().path("session").path("id").asText());
      }
      DataIntact.assertIntact(data);
    }
  }

  /** Verifications answer what they did before the disk filled, and the GETs answer 200. */
  private static void readsWork(
      VigilProcess node, List<String> live, String revoked, String superseded, String sessionId) {
    for (String t : live) {
      Reply r = node.verify(t);
      assertThat(r.json().path("valid").asBoolean()).as(r.raw().body()).isTrue();
    }
    assertThat(node.verify(revoked).text("reason")).isEqualTo("REVOKED");
    // at once, while the refusal's event still waits in memory to be written with the next batch
    Reply events = node.get("/v1/events?limit=10");
    assertThat(events.status()).as(events.raw().body()).isEqualTo(200);
    assertThat(node.verify(superseded).text("reason")).isEqualTo("SUPERSEDED");
    Reply chain = node.get("/v1/audit/verify");
    assertThat(chain.status()).as(chain.raw().body()).isEqualTo(200);
    assertThat(chain.json().path("intact").asBoolean()).as(chain.raw().body()).isTrue();
    Reply session = node.get("/v1/sessions/" + sessionId);
    assertThat(session.status()).as(session.raw().body()).isEqualTo(200);
    Reply list = node.get("/v1/subjects/full-disk-0/sessions");
    assertThat(list.status()).as(list.raw().body()).isEqualTo(200);
    assertThat(list.json().path("sessions").size()).isOne();
  }

  /**
   * Sends {@code write} (built afresh each time) until the disk refuses it, at most {@link
   * #MAX_ATTEMPTS} times: each answer is either {@code success} (handed to {@code took}, which
   * records its effect) or a 503 {@code STORE_UNAVAILABLE} problem; at least one is the latter.
   */
  private static void refusedWithin(
      VigilProcess node, Supplier<HttpRequest> write, int success, Consumer<Reply> took) {
    for (int i = 0; i < MAX_ATTEMPTS; i++) {
      HttpRequest request = write.get();
      Reply r = send(node, request);
      assertThat(r.status()).as(request.uri() + " " + r.raw().body()).isIn(success, 503);
      if (r.status() == 503) {
        assertThat(r.raw().headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.text("reason")).isEqualTo("STORE_UNAVAILABLE");
        return;
      }
      took.accept(r);
    }
    throw new AssertionError(write.get().uri() + " never refused in " + MAX_ATTEMPTS + " tries");
  }

  private static Reply send(VigilProcess node, HttpRequest request) {
    return node.send(request);
  }

  private static HttpRequest post(VigilProcess node, String path, String json) {
    return HttpRequest.newBuilder(node.uri(path))
        .timeout(NO_HANG)
        .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private static String token(String token) {
    return "{\"token\":\"" + token + "\"}";
  }

  private static String login() {
    return "{\"username\":\"dora\",\"password\":\"" + PASSWORD + "\"}";
  }
}
