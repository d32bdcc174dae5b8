package dev.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code vigil bench} against a real server for about a second per scenario: every scenario answers
 * without error, {@code /health/live} is measured first and every rate carries its ratio, the
 * request budget ends a run early (exit 1), other hosts are refused without {@code --allow-remote},
 * bad usage is exit 2, and nothing the bench created is left live.
 */
class BenchCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestServer server;
  private static String url;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            Map.of(
                ConfigKey.LOGIN_ADDRESS_LIMIT, "100000",
                // few, so that the mix's creates would push its verified session out if they
                // shared its subject
                ConfigKey.MAX_SESSIONS_PER_SUBJECT, "5"));
    url = "http://127.0.0.1:" + server.uri("/").getPort();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyScenario_runsWithoutErrors_beside_healthLive_andCleansUp() throws Exception {
    CliRun r =
        bench(
            "--scenarios",
            "verify,create,rotate,signin,mix",
            "-c",
            "4",
            "-d",
            "PT1S",
            "-w",
            "PT0.3S",
            "--format",
            "json");
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    JsonNode doc = JSON.readTree(r.out());
    List<String> names = new ArrayList<>();
    for (JsonNode one : doc.path("results")) {
      names.add(one.path("scenario").asText());
      assertThat(one.path("requests").asLong()).as(one.toString()).isPositive();
      assertThat(one.path("errors").asLong()).as(one.toString()).isZero();
      assertThat(one.path("ratio_to_live").asDouble()).as(one.toString()).isPositive();
      assertThat(one.path("p50_ms").asDouble())
          .isLessThanOrEqualTo(one.path("p99_ms").asDouble())
          .isPositive();
      assertThat(one.path("p99_ms").asDouble()).isLessThanOrEqualTo(one.path("max_ms").asDouble());
    }
    assertThat(names)
        .containsExactly("live", "verify", "create", "rotate", "signin", "mix", "live");
    double first = doc.path("results").get(0).path("per_second").asDouble();
    double last = doc.path("results").get(6).path("per_second").asDouble();
    assertThat(doc.path("results").get(0).path("ratio_to_live").asDouble())
        .as("the baseline is the mean of the two live runs")
        .isCloseTo(2 * first / (first + last), org.assertj.core.data.Offset.offset(1e-9));

    JsonNode live = server.get("/v1/events?type=session.created&limit=1000").json();
    List<String> subjects = live.path("events").findValuesAsText("subject");
    assertThat(subjects).anyMatch(s -> s.startsWith("vigil-bench-"));
    for (String s :
        subjects.stream().filter(s -> s.startsWith("vigil-bench-")).distinct().toList()) {
      assertThat(server.get("/v1/subjects/" + s + "/sessions").json().path("sessions").size())
          .as("sessions of %s left live", s)
          .isZero();
    }
    assertThat(server.get("/v1/events?type=user.deleted&limit=10").json().path("events").size())
        .as("the sign-in accounts, one per connection, were deleted")
        .isEqualTo(4);
  }

  @Test
  void sessions_listsAndEndsOneSubjectsSessions_andSaysWhenTheServerKeepsFewer() throws Exception {
    CliRun r = bench("--scenarios", "sessions", "--sessions", "5", "-c", "2", "--format", "json");
    assertThat(r.code()).as(r.err() + r.out()).isEqualTo(0);
    JsonNode s = JSON.readTree(r.out()).path("sessions");
    assertThat(s.path("created").asInt()).isEqualTo(5);
    assertThat(s.path("listed").asInt()).isEqualTo(5);
    assertThat(s.path("ended").asInt()).isEqualTo(5);
    assertThat(s.path("refused_after").asBoolean()).isTrue();
    assertThat(s.path("list_seconds").asDouble()).isPositive();
    assertThat(s.path("end_seconds").asDouble()).isPositive();

    CliRun more = bench("--scenarios", "sessions", "--sessions", "8", "-c", "2");
    assertThat(more.code()).as("the server keeps 5 per subject").isEqualTo(1);
    assertThat(more.out()).contains("listed 5 of 8").contains("max_sessions_per_subject");
  }

  @Test
  void textReport_showsEachScenarioWithItsRatio() {
    CliRun r = bench("--scenarios", "verify", "-c", "2", "-d", "PT1S", "-w", "PT0S");
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    assertThat(r.out()).contains("vigil bench against " + url).contains("x live");
    assertThat(r.out().lines().filter(l -> l.startsWith("live ") || l.startsWith("verify ")))
        .hasSize(3);
    assertThat(r.err()).as("a progress line").contains("verify");
  }

  @Test
  void aRate_pacesTheRequests_andNoBaseline_skipsHealthLive() throws Exception {
    CliRun r =
        bench(
            "--scenarios",
            "verify",
            "-c",
            "4",
            "-d",
            "PT2S",
            "-w",
            "PT0S",
            "--rate",
            "100",
            "--no-baseline",
            "--format",
            "json");
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    JsonNode results = JSON.readTree(r.out()).path("results");
    assertThat(results.size()).isEqualTo(1);
    assertThat(results.get(0).path("scenario").asText()).isEqualTo("verify");
    assertThat(results.get(0).path("requests").asLong()).isBetween(150L, 210L);
    assertThat(results.get(0).has("ratio_to_live")).isFalse();
    assertThat(run("bench", url, "--api-key", "k", "--rate", "-1").code()).isEqualTo(2);
  }

  @Test
  void aControlRate_sendsHealthLiveBesideEachScenario_andReportsItApart() throws Exception {
    CliRun r =
        bench(
            "--scenarios",
            "verify",
            "-c",
            "2",
            "-d",
            "PT2S",
            "-w",
            "PT0S",
            "--rate",
            "100",
            "--control-rate",
            "50",
            "--no-baseline",
            "--format",
            "json");
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    JsonNode result = JSON.readTree(r.out()).path("results").get(0);
    assertThat(result.path("requests").asLong()).isBetween(150L, 210L);
    JsonNode control = result.path("control");
    assertThat(control.path("what").asText()).isEqualTo("GET /health/live");
    assertThat(control.path("connections").asInt()).isEqualTo(2);
    assertThat(control.path("requests").asLong()).isBetween(75L, 105L);
    assertThat(control.path("errors").asLong()).isZero();
    assertThat(control.path("p99_ms").asDouble()).isPositive();
    CliRun text =
        bench(
            "--scenarios",
            "verify",
            "-c",
            "2",
            "-d",
            "PT1S",
            "-w",
            "PT0S",
            "--rate",
            "50",
            "--control-rate",
            "20",
            "--no-baseline");
    assertThat(text.out()).contains("control").contains("/health/live beside it");
    assertThat(run("bench", url, "--api-key", "k", "--control-rate", "-1").code()).isEqualTo(2);
  }

  @Test
  void theMix_reportsEachKindOfRequestApart_andTheyAddUpToIt() throws Exception {
    CliRun r =
        bench(
            "--scenarios",
            "mix,verify",
            "-c",
            "4",
            "-d",
            "PT3S",
            "-w",
            "PT0S",
            "--rate",
            "400",
            "--no-baseline",
            "--format",
            "json");
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    JsonNode mix = JSON.readTree(r.out()).path("results").get(0);
    List<String> names = new ArrayList<>();
    long sum = 0;
    for (JsonNode p : mix.path("parts")) {
      names.add(p.path("part").asText());
      sum += p.path("requests").asLong();
      assertThat(p.path("p99_ms").asDouble()).isPositive();
      assertThat(p.path("max_ms").asDouble()).isGreaterThanOrEqualTo(p.path("p99_ms").asDouble());
    }
    // 1,200 requests: 95% verify, and 3%, 1%, 1% of the others (a kind missing now and then would
    // be one chance in about e^12)
    assertThat(names).containsExactly("create", "revoke", "rotate", "verify");
    assertThat(sum).isEqualTo(mix.path("requests").asLong());
    assertThat(JSON.readTree(r.out()).path("results").get(1).has("parts")).isFalse();
  }

  @Test
  void theRequestBudget_endsTheRunEarly_andSaysSo() throws Exception {
    CliRun r =
        bench(
            "--scenarios",
            "create",
            "-c",
            "2",
            "-d",
            "PT30S",
            "-w",
            "PT0S",
            "--max-requests",
            "300",
            "--format",
            "json");
    assertThat(r.code()).isEqualTo(1);
    JsonNode results = JSON.readTree(r.out()).path("results");
    long all = 0;
    for (JsonNode one : results) {
      all += one.path("requests").asLong();
    }
    assertThat(all).isLessThanOrEqualTo(300);
    assertThat(results.get(results.size() - 1).path("stopped").asText()).contains("budget of 300");
  }

  @Test
  void refusesOtherHosts_badUsage_andAWrongKey() {
    assertThat(run("bench", "http://192.0.2.1:8080", "--api-key", "k").code()).isEqualTo(2);
    assertThat(run("bench", "http://192.0.2.1:8080", "--api-key", "k").err())
        .contains("--allow-remote");
    assertThat(run("bench", "ftp://127.0.0.1/", "--api-key", "k").code()).isEqualTo(2);
    assertThat(run("bench", url, "--api-key", "k", "--scenarios", "nope").code()).isEqualTo(2);
    assertThat(run("bench", url, "--api-key", "k", "-c", "0").code()).isEqualTo(2);
    assertThat(run("bench", url, "--api-key", "k", "-d", "PT11M").code()).isEqualTo(2);
    assertThat(run("bench", url, "--api-key", "k", "-d", "soon").code()).isEqualTo(2);
    CliRun wrongKey = run("bench", url, "--api-key", "not-a-key", "-d", "PT1S", "-w", "PT0S");
    assertThat(wrongKey.code()).isEqualTo(2);
    assertThat(wrongKey.err()).contains("API key was refused").doesNotContain("not-a-key");
    CliRun closed = run("bench", "http://127.0.0.1:1", "--api-key", "k");
    assertThat(closed.code()).isEqualTo(2);
    assertThat(closed.err()).contains("cannot reach");
  }

  @Test
  void takesTheKeyFromTheEnvironment() throws Exception {
    CliRun.Child child =
        CliRun.child(
            Map.of("VIGIL_BENCH_API_KEY", "not-a-key"), "bench", url, "-d", "PT1S", "-w", "PT0S");
    // the key was sent: the server refused it (without it: "--api-key ... is required")
    assertThat(child.run().code()).isEqualTo(2);
    assertThat(child.run().err()).contains("API key was refused").doesNotContain("not-a-key");
    assertThat(run("bench", url, "-d", "PT1S").err())
        .contains("--api-key (or VIGIL_BENCH_API_KEY) is required");
  }

  /** {@code vigil bench} against the test server with its admin key, and {@code args}. */
  private static CliRun bench(String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "bench";
    all[1] = url;
    all[2] = "--api-key";
    all[3] = TestServer.ADMIN_KEY;
    System.arraycopy(args, 0, all, 4, args.length);
    return run(all);
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }
}
