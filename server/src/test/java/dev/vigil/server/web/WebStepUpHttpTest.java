package dev.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.TestServer;
import dev.vigil.testkit.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Step-up ({@code /reauth}) over plain HTTP: a sensitive action after five minutes goes through it
 * and comes back; its form refuses forged posts and bad input with a 4xx page. The clock is moved,
 * never slept on.
 */
class WebStepUpHttpTest {
  private static final String GOOD = "violet kettle marching sideways 81";
  private static final MutableClock CLOCK = MutableClock.standard();
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(Map.of(), CLOCK);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static WebClient signedIn(String username) {
    return WebClient.signedIn(server, username, GOOD);
  }

  private static String otherSession(String username) {
    return server
        .post("/v1/auth/login", Map.of("username", username, "password", GOOD))
        .text("token");
  }

  @Test
  void endOthers_afterFiveMinutes_goesThroughReauth_andComesBackToTheAction() {
    WebClient c = signedIn("stepup-http");
    String other = otherSession("stepup-http");
    CLOCK.advance(Duration.ofMinutes(6));
    c.get("/account/sessions");
    HttpResponse<String> stale = c.post("/account/sessions/end-others", Map.of("csrf", c.csrf()));
    assertThat(stale.statusCode()).isEqualTo(303);
    assertThat(stale.headers().firstValue("Location"))
        .hasValue("/reauth?return_to=%2Faccount%2Fsessions%2Fend-others");
    assertThat(server.verify(other).json().path("valid").asBoolean())
        .as("nothing ended without the step-up")
        .isTrue();

    HttpResponse<String> form = c.get("/reauth?return_to=%2Faccount%2Fsessions%2Fend-others");
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("Enter your password again").doesNotContain("id=\"code\"");
    String before = c.cookies().get("__Host-vigil-session");
    HttpResponse<String> done =
        c.post(
            "/reauth",
            Map.of(
                "csrf", c.csrf(), "password", GOOD, "return_to", "/account/sessions/end-others"));
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(done.headers().firstValue("Location")).hasValue("/account/sessions/end-others");
    assertThat(c.cookies().get("__Host-vigil-session"))
        .as("the step-up rotated the token")
        .isNotEqualTo(before);

    HttpResponse<String> confirm = c.get("/account/sessions/end-others");
    assertThat(confirm.statusCode()).isEqualTo(200);
    assertThat(confirm.body()).contains("End all other sessions?");
    HttpResponse<String> ended = c.post("/account/sessions/end-others", Map.of("csrf", c.csrf()));
    assertThat(ended.statusCode()).isEqualTo(303);
    assertThat(ended.headers().firstValue("Location")).hasValue("/account/sessions?ended=1");
    assertThat(server.verify(other).text("reason")).isEqualTo("REVOKED");
  }

  @Test
  void reauthForm_refusesForgedPosts_andBadInput_with4xxPages() {
    WebClient c = signedIn("stepup-bad");
    CLOCK.advance(Duration.ofMinutes(6));
    c.get("/reauth");
    String token = c.csrf();
    Map<String, String> good = Map.of("csrf", token, "password", GOOD);
    assertThat(c.post("/reauth", good, Optional.of("https://evil.example")).statusCode())
        .isEqualTo(403);
    assertThat(c.post("/reauth", good, Optional.empty()).statusCode()).isEqualTo(403);
    assertThat(c.post("/reauth", Map.of("csrf", token + "x", "password", GOOD)).statusCode())
        .isEqualTo(403);

    HttpResponse<String> missing = c.post("/reauth", Map.of("csrf", token));
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("Enter your password.");
    HttpResponse<String> tooLong =
        c.post("/reauth", Map.of("csrf", token, "password", "p".repeat(2000)));
    assertThat(tooLong.statusCode()).isEqualTo(400);
    HttpResponse<String> wrong = c.post("/reauth", Map.of("csrf", token, "password", "nope"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("The password or code is not right.");
    for (String q : new String[] {"?return_to=%25ZZ", "?return_to=//evil.example", ""}) {
      assertThat(c.get("/reauth" + q).statusCode()).as(q).isEqualTo(200);
    }

    HttpResponse<String> evil =
        c.post(
            "/reauth", Map.of("csrf", c.csrf(), "password", GOOD, "return_to", "//evil.example/x"));
    assertThat(evil.statusCode()).isEqualTo(303);
    assertThat(evil.headers().firstValue("Location"))
        .as("no open redirect")
        .hasValue("/account/sessions");
  }

  @Test
  void reauth_signedOut_sendsToSignIn_whichReturnsStraightToTheAction() {
    HttpResponse<String> r = WebClient.of(server).get("/reauth?return_to=%2Fapp%2Fpay");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/login?return_to=%2Fapp%2Fpay");
  }
}
