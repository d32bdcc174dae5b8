package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.Eventually;
import dev.vigil.server.TestServer;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 §6: hostile requests cost memory only while they are handled. After 1,500 bodies of
 * about 60 KiB each (90 MB in all: long strings, nesting past the limit, bodies over the limit),
 * the heap after a full collection has grown by less than 48 MiB: a bound coarse enough for the
 * noise of a shared JVM, and well under what keeping each body would cost.
 */
class MemoryBoundTest {
  private static final int REQUESTS = 1_500;
  private static final long BOUND = 48L * 1024 * 1024;

  @Test
  void manyLargeHostileBodies_leaveTheHeapAfterCollectionBounded() throws Exception {
    try (TestServer server = TestServer.start(Map.of())) {
      HttpClient http = HttpClient.newHttpClient();
      String[] bodies = {
        "{\"token\":\"" + "a".repeat(60_000) + "\"}",
        "{\"token\":\"x\",\"client\":" + "[".repeat(60_000) + "}",
        "{\"subject\":\"" + "\\u0000".repeat(10_000) + "\"}",
        "{\"token\":\"" + "b".repeat(70_000) + "\"}"
      };
      send(http, server, bodies[0]); // warm up the code paths before the first measure
      // the user agent analyzer, built in the background, is not what is measured
      Eventually.until(
          "the user agent analyzer is built", Duration.ofMinutes(2), TestServer::userAgentsReady);
      long before = usedAfterCollection();
      for (int i = 0; i < REQUESTS; i++) {
        HttpResponse<String> r = send(http, server, bodies[i % bodies.length]);
        assertThat(r.statusCode()).as("request %d", i).isBetween(400, 499);
      }
      long grown = usedAfterCollection() - before;
      assertThat(grown)
          .as("heap growth in bytes after %d hostile bodies", REQUESTS)
          .isLessThan(BOUND);
    }
  }

  private static HttpResponse<String> send(HttpClient http, TestServer server, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.uri("/v1/sessions/verify"))
            .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static long usedAfterCollection() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
