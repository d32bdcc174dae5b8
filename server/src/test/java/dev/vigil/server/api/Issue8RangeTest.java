package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, part 2: the examples that answered 500, each with its right answer. {@link
 * HostileInputProperties} feeds every other field and parameter alike.
 */
class Issue8RangeTest {
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(Map.of());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void authTimeBeyondWhatIsStored_is400NamingIt() {
    Reply r =
        server.post(
            "/v1/sessions", Map.of("subject", "x", "auth", Map.of("time", "1677-09-21T00:12:43Z")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text("field")).isEqualTo("auth.time");
    String token = server.createToken("range-rotate");
    Reply rotate =
        server.post(
            "/v1/sessions/rotate",
            Map.of("token", token, "auth", Map.of("time", "1000-01-01T00:00:00Z")));
    assertThat(rotate.status()).isEqualTo(400);
    assertThat(rotate.text("field")).isEqualTo("auth.time");
  }

  @Test
  void eventQueryBoundsFarOff_answerTheRightList() {
    server.createToken("range-events");
    Reply since = server.get("/v1/events?since=1000-01-01T00:00:00Z&subject=range-events");
    assertThat(since.status()).isEqualTo(200);
    assertThat(since.json().path("events")).hasSize(1);
    Reply until = server.get("/v1/events?until=9999-12-31T23:59:59Z&subject=range-events");
    assertThat(until.status()).isEqualTo(200);
    assertThat(until.json().path("events")).hasSize(1);
    Reply none = server.get("/v1/events?until=1000-01-01T00:00:00Z&subject=range-events");
    assertThat(none.status()).isEqualTo(200);
    assertThat(none.json().path("events")).isEmpty();
  }

  @Test
  void hugeMaxAuthAge_is400NamingIt() {
    String token = server.createToken("range-age");
    Reply r =
        server.post(
            "/v1/sessions/verify",
            Map.of("token", token, "require", Map.of("max_auth_age", "PT9223372036854775807S")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text("field")).isEqualTo("require.max_auth_age");
  }
}
