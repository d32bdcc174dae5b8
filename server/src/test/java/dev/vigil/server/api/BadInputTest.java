package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.TestServer;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input gets a 4xx problem naming what is wrong, never a 500 or a stack trace, and changes
 * nothing stored.
 */
class BadInputTest {
  private static TestServer server;
  private int eventsBefore;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(Map.of());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void countEvents() {
    eventsBefore = events();
  }

  @AfterEach
  void nothingStoredChanged() {
    assertThat(events()).isEqualTo(eventsBefore);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{",
        "[]",
        "\"text\"",
        "{\"subject\":1}",
        "{\"subject\":\"\"}",
        "{\"subject\":\" padded \"}",
        "{\"subject\":\"a\\u0000b\"}",
        "{\"subject\":\"a\",\"extra\":1}",
        "{\"subject\":\"a\",\"roles\":\"admin\"}",
        "{\"subject\":\"a\",\"roles\":[\"has space\"]}",
        "{\"subject\":\"a\",\"idle_timeout\":\"30 minutes\"}",
        "{\"subject\":\"a\",\"idle_timeout\":\"PT0.5S\"}",
        "{\"subject\":\"a\",\"client\":{\"ip\":\"example.com\"}}",
        "{\"subject\":\"a\",\"client\":{\"ip\":\"999.1.1.1\"}}",
        "{\"subject\":\"a\",\"client\":{\"mac\":\"x\"}}",
        "{\"subject\":\"a\",\"auth\":{\"time\":\"yesterday\"}}",
        "{\"subject\":\"a\",\"auth\":{\"aal\":7}}",
        "{\"subject\":\"a\",\"bind_to_client\":\"yes\"}",
        "{\"subject\":\"a\"} trailing",
        "{\"subject\":\"a\",\"subject\":\"b\"}"
      })
  void create_badBody_is400Problem(String body) {
    Reply r = server.post("/v1/sessions", body);
    assertThat(r.status()).as(body).isEqualTo(400);
    assertProblem(r);
  }

  @Test
  void create_unknownField_namesIt() {
    Reply r = server.post("/v1/sessions", "{\"subject\":\"a\",\"colour\":\"red\"}");
    assertThat(r.text("field")).isEqualTo("colour");
  }

  @Test
  void create_badNestedField_namesItsPath() {
    Reply r = server.post("/v1/sessions", "{\"subject\":\"a\",\"client\":{\"ip\":\"nope\"}}");
    assertThat(r.text("field")).isEqualTo("client.ip");
  }

  @Test
  void verify_tokenOver4KiB_is400() {
    Reply r = server.post("/v1/sessions/verify", Map.of("token", "vs1." + "a".repeat(5000)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text("field")).isEqualTo("token");
  }

  @Test
  void verify_bodyOver64KiB_is413() {
    Reply r = server.post("/v1/sessions/verify", "{\"token\":\"" + "a".repeat(70_000) + "\"}");
    assertThat(r.status()).isEqualTo(413);
    assertProblem(r);
  }

  @Test
  void verify_deeplyNestedJson_is400() {
    String deep = "{\"token\":\"x\",\"client\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    Reply r = server.post("/v1/sessions/verify", deep);
    assertThat(r.status()).isEqualTo(400);
    assertProblem(r);
  }

  @Test
  void verify_nonUtf8Body_is400() {
    byte[] body = {
      '{', '"', 't', 'o', 'k', 'e', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'
    };
    Reply r =
        server.send(
            HttpRequest.newBuilder(server.uri("/v1/sessions/verify"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    assertThat(r.status()).isEqualTo(400);
    assertProblem(r);
  }

  @Test
  void verify_wrongContentType_is415() {
    Reply r =
        server.send(
            HttpRequest.newBuilder(server.uri("/v1/sessions/verify"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                .header("Content-Type", "text/plain")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"token\":\"x\"}", StandardCharsets.UTF_8))
                .build());
    assertThat(r.status()).isEqualTo(415);
    assertProblem(r);
  }

  @Test
  void noKey_is401_wrongKey_is401() {
    Reply none =
        server.send(
            HttpRequest.newBuilder(server.uri("/v1/sessions/verify"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"x\"}"))
                .build());
    Reply wrong =
        server.send(
            HttpRequest.newBuilder(server.uri("/v1/sessions/verify"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer not-the-key-at-all-but-long-enough-to-try")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"x\"}"))
                .build());
    assertThat(none.status()).isEqualTo(401);
    assertThat(wrong.status()).isEqualTo(401);
    assertProblem(none);
  }

  @Test
  void badPathAndQueryValues_are400_unknownPath404_wrongMethod405() {
    assertThat(server.get("/v1/sessions/not-an-id").status()).isEqualTo(400);
    assertThat(server.get("/v1/events?limit=0").status()).isEqualTo(400);
    assertThat(server.get("/v1/events?limit=abc").status()).isEqualTo(400);
    assertThat(server.get("/v1/events?since=yesterday").status()).isEqualTo(400);
    assertThat(server.get("/v1/events?colour=red").text("field")).isEqualTo("colour");
    assertThat(server.get("/v1/events?type=nope").status()).isEqualTo(400);
    assertThat(server.get("/v1/incidents/inc_nope").status()).isEqualTo(400);
    Reply missing = server.get("/v1/nothing-here");
    assertThat(missing.status()).isEqualTo(404);
    assertProblem(missing);
    Reply wrongMethod = server.delete("/v1/events");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.raw().headers().firstValue("Allow")).contains("GET");
  }

  private static void assertProblem(Reply r) {
    assertThat(r.raw().headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(r.json().path("type").asText()).startsWith("urn:vigil:problem:");
    assertThat(r.json().path("status").asInt()).isEqualTo(r.status());
    assertThat(r.json().path("detail").asText())
        .isNotBlank()
        .doesNotContain("Exception")
        .doesNotContain("at dev.vigil");
  }

  /** Events other than the record of refused API keys, which a refusal rightly adds. */
  private static int events() {
    int n = 0;
    for (var e : server.get("/v1/events?limit=1000").json().path("events")) {
      n += e.path("type").asText().equals("api.refused") ? 0 : 1;
    }
    return n;
  }
}
