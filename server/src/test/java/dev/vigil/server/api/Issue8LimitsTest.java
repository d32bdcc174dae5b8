package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.testkit.Races;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, part 1: limits decided atomically in the store. The examples of the issue, over HTTP
 * against a real server and SQLite: bursts never check more passwords than one-after-another would,
 * and never leave more sessions than the cap.
 */
class Issue8LimitsTest {
  private static final String GOOD = "violet kettle marching sideways 81";
  private static final String WRONG = "not the password at all, no";
  private static TestServer server;
  private static TestServer capOne;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(Map.of(ConfigKey.MAX_SESSIONS_PER_SUBJECT, "3"));
    capOne = TestServer.start(Map.of(ConfigKey.MAX_SESSIONS_PER_SUBJECT, "1"));
  }

  @AfterAll
  static void stop() {
    server.close();
    capOne.close();
  }

  @Test
  void fourWrongPasswords_thenTwoAtOnce_oneIsChecked_theOtherThrottled() throws Exception {
    for (int trial = 0; trial < 8; trial++) {
      String name = "pair-" + trial;
      user(server, name);
      for (int i = 0; i < 4; i++) {
        assertThat(login(server, name, WRONG).status()).isEqualTo(401);
      }
      List<Integer> both = Races.race(2, i -> login(server, name, WRONG).status());
      assertThat(both).as("trial %d", trial).containsExactlyInAnyOrder(401, 429);
    }
  }

  @Test
  void sixteenWrongPasswordsAtOnce_onAFreshAccount_checkFive_thenThrottle() throws Exception {
    user(server, "burst");
    List<Integer> statuses = Races.race(16, i -> login(server, "burst", WRONG).status());
    assertThat(statuses).filteredOn(s -> s == 401).hasSize(5);
    assertThat(statuses).filteredOn(s -> s == 429).hasSize(11);
    assertThat(login(server, "burst", GOOD).status()).isEqualTo(429);
    assertThat(
            server
                .get("/v1/events?type=auth.login_failed&reason=INVALID_CREDENTIALS&limit=100")
                .json()
                .path("events"))
        .filteredOn(e -> e.path("detail").path("username").asText().equals("burst"))
        .as("passwords checked")
        .hasSize(5);
  }

  @Test
  void unknownUsernameBurst_isThrottledExactlyAlike() throws Exception {
    List<Integer> statuses = Races.race(16, i -> login(server, "nobody-here", WRONG).status());
    assertThat(statuses).filteredOn(s -> s == 401).hasSize(5);
    assertThat(statuses).filteredOn(s -> s == 429).hasSize(11);
  }

  @Test
  void twelveCreatesAtOnce_withCapThree_leaveExactlyThreeLive() throws Exception {
    List<Integer> created =
        Races.race(
            12, i -> server.post("/v1/sessions", Map.of("subject", "capped-subject")).status());
    assertThat(created).containsOnly(201);
    assertThat(server.get("/v1/subjects/capped-subject/sessions").json().path("sessions"))
        .hasSize(3);
    assertThat(
            server
                .get("/v1/events?type=session.revoked&reason=SESSION_LIMIT&limit=100")
                .json()
                .path("events"))
        .filteredOn(e -> e.path("subject").asText().equals("capped-subject"))
        .hasSize(9);
  }

  @Test
  void capOne_twoSignInsAtOnce_leaveOneValidSession_everyTrial() throws Exception {
    user(capOne, "single");
    for (int trial = 0; trial < 10; trial++) {
      List<String> tokens = Races.race(2, i -> login(capOne, "single", GOOD).text("token"));
      assertThat(tokens).doesNotContain("");
      long valid =
          tokens.stream().filter(t -> capOne.verify(t).json().path("valid").asBoolean()).count();
      assertThat(valid).as("trial %d", trial).isEqualTo(1);
    }
  }

  @Test
  void capOne_twoCreatesAtOnce_leaveOneValidSession_everyTrial() throws Exception {
    for (int trial = 0; trial < 10; trial++) {
      String subject = "single-create-" + trial;
      List<String> tokens = Races.race(2, i -> capOne.createToken(subject));
      long valid =
          tokens.stream().filter(t -> capOne.verify(t).json().path("valid").asBoolean()).count();
      assertThat(valid).as("trial %d", trial).isEqualTo(1);
    }
  }

  private static void user(TestServer on, String name) {
    assertThat(on.post("/v1/users", Map.of("username", name, "password", GOOD)).status())
        .isEqualTo(201);
  }

  private static Reply login(TestServer on, String name, String password) {
    return on.post("/v1/auth/login", Map.of("username", name, "password", password));
  }
}
