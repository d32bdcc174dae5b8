package dev.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.access.Scope;
import dev.vigil.server.DataDirectory;
import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.store.sqlite.SqliteDatabase;
import dev.vigil.testkit.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code vigil audit} as an operator runs it: the default configuration of a fresh data directory
 * passes (exit 0) with warnings only where the operator must decide; each bad setting, file mode,
 * broken chain or old broad key gives its FAIL and exit 1; {@code --server} audits a running node
 * too; usage and server errors exit 2; {@code verify-log} still works.
 */
class AuditCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The warnings of a fresh install: each needs a decision only the operator can make. */
  private static final Set<String> FRESH_INSTALL_WARNINGS =
      Set.of(
          "session.caps",
          "transport.tls",
          "password.blocklist",
          "notices.mail",
          "notices.alerts",
          "files.admin_key");

  @Test
  void audit_freshDataDirectoryWithDefaults_exits0_warnsOnlyOnOperatorDecisions() throws Exception {
    Path data = dev.vigil.testkit.TempPaths.directory("vigil-audit").resolve("data");

    CliRun text = run("audit", "--data", data.toString());
    CliRun json = run("audit", "--data", data.toString(), "--format", "json");

    assertThat(text.code()).as(text.out() + text.err()).isZero();
    assertThat(text.out()).doesNotContain("FAIL  ").contains(" 0 FAIL");
    assertThat(text.out())
        .containsPattern(
            "PASS  session\\.idle +Idle timeout: idle_timeout PT30M .*\\[ASVS 5\\.0 7\\.3\\.1; NIST SP 800-63B-4 §2\\.2\\.3\\]")
        .containsPattern("WARN  transport\\.tls .*\\n +fix: ");
    assertThat(json.code()).isZero();
    JsonNode doc = JSON.readTree(json.out());
    assertThat(doc.path("summary").path("fail").asInt()).isZero();
    assertThat(doc.path("summary").path("exit_code").asInt()).isZero();
    assertThat(doc.path("aal").asText()).isEqualTo("AAL2");
    assertThat(statuses(doc, "configuration", "WARN")).isEqualTo(FRESH_INSTALL_WARNINGS);
    assertThat(statuses(doc, "configuration", "PASS"))
        .contains(
            "token.entropy",
            "session.idle",
            "session.absolute",
            "rotation.on",
            "rotation.grace",
            "web.cookies",
            "keys.signing",
            "apikeys.admin",
            "password.length",
            "throttle.guessing",
            "anomaly.theft",
            "audit.chain",
            "audit.retention",
            "files.modes");
  }

  @Test
  void audit_idleTimeoutTwoHoursInTheFile_failsAtAal2_exits1() throws Exception {
    Path dir = dev.vigil.testkit.TempPaths.directory("vigil-audit");
    Path file =
        Files.writeString(dir.resolve("vigil.yaml"), "idle_timeout: PT2H\nmax_idle_timeout: P1D\n");

    CliRun r = run("audit", "--config", file.toString(), "--data", dir.resolve("data").toString());
    CliRun aal1 =
        run(
            "audit",
            "--config",
            file.toString(),
            "--data",
            dir.resolve("data").toString(),
            "--aal",
            "1");

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).containsPattern("FAIL  session\\.idle .*PT2H is above AAL2's PT1H");
    assertThat(r.out()).contains("configuration: file " + file);
    assertThat(aal1.code()).as(aal1.out()).isZero();
  }

  @Test
  void audit_devInsecureCookiesFromTheEnvironmentLayerOrFlag_fails_exits1() throws Exception {
    Path data = dev.vigil.testkit.TempPaths.directory("vigil-audit");

    CliRun r = run("audit", "--data", data.toString(), "--dev-insecure-cookies", "true");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).containsPattern("FAIL  web\\.cookies .*dev_insecure_cookies is on");
  }

  @Test
  void audit_worldWritableDataDirectory_fails_exits1() throws Exception {
    Path data = dev.vigil.testkit.TempPaths.directory("vigil-audit");
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));

    CliRun r = run("audit", "--data", data.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).containsPattern("FAIL  files\\.modes .*is rwxrwxrwx");
    assertThat(r.out()).contains("fix: chmod 700 " + data);
  }

  @Test
  void audit_databaseOthersMayRead_fails_exits1() throws Exception {
    Path data = dev.vigil.testkit.TempPaths.directory("vigil-audit");
    assertThat(run("audit", "--data", data.toString()).code()).isZero();
    Files.setPosixFilePermissions(
        data.resolve("vigil.db"), PosixFilePermissions.fromString("rw-r--r--"));

    CliRun r = run("audit", "--data", data.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).containsPattern("FAIL  files\\.modes .*vigil\\.db rw-r--r--");
  }

  @Test
  void audit_tamperedEventChain_fails_exits1() throws Exception {
    Path data = dev.vigil.testkit.TempPaths.directory("vigil-audit");
    CliRun before;
    try (DataDirectory d = DataDirectory.open(config(data), Clock.systemUTC())) {
      for (int i = 0; i < 3; i++) {
        d.events().append(TestEvents.created(Instant.now(), "user-" + i));
      }
    }
    before = run("audit", "--data", data.toString());
    try (SqliteDatabase db = SqliteDatabase.open(data.resolve(DataDirectory.DATABASE))) {
      db.write(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement("UPDATE events SET subject = 'mallory' WHERE subject = ?")) {
              ps.setString(1, "user-1");
              return ps.executeUpdate();
            }
          });
    }

    CliRun after = run("audit", "--data", data.toString());

    assertThat(before.code()).as(before.out()).isZero();
    assertThat(before.out()).containsPattern("PASS  audit\\.chain .*intact: 3 events");
    assertThat(after.code()).isEqualTo(1);
    assertThat(after.out()).containsPattern("FAIL  audit\\.chain .*broken at event evt_");
    assertThat(run("audit", "verify-log", "--data", data.toString()).code()).isEqualTo(1);
  }

  @Test
  void audit_adminKeyOlderThanNinetyDays_fails_exits1() throws Exception {
    Path data = dev.vigil.testkit.TempPaths.directory("vigil-audit");
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofDays(120)), ZoneOffset.UTC);
    try (DataDirectory d = DataDirectory.open(config(data), past)) {
      d.apiKeys().create("ops", Set.of(Scope.ADMIN)).orElseThrow();
    }

    CliRun r = run("audit", "--data", data.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .containsPattern(
            "FAIL  apikeys\\.admin .*older than 90 days: .*ops \\(key_[^,]*, 120 days\\)")
        .containsPattern("WARN  keys\\.signing .*120 days old");
  }

  @Test
  void audit_server_auditsTheRunningNode_andNamesWhereItDiffers() throws Exception {
    try (TestServer server = TestServer.start(Map.of(ConfigKey.IDLE_TIMEOUT, "PT2H"))) {
      CliRun r =
          run(
              "audit",
              "--data",
              server.data().toString(),
              "--server",
              server.uri("").toString(),
              "--api-key",
              TestServer.ADMIN_KEY,
              "--format",
              "json");

      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
      assertThat(r.out()).doesNotContain(TestServer.ADMIN_KEY);
      JsonNode doc = JSON.readTree(r.out());
      assertThat(statuses(doc, "configuration", "FAIL")).isEmpty();
      assertThat(statuses(doc, "server", "FAIL")).containsExactly("session.idle");
      assertThat(statuses(doc, "server", "WARN")).contains("config.drift", "apikeys.bootstrap");
      JsonNode drift = check(doc, "server", "config.drift");
      assertThat(drift.path("finding").asText())
          .contains("idle_timeout PT2H (here PT30M)")
          .contains("bootstrap_api_key set (here unset)");
      assertThat(doc.path("sections").get(1).path("source").asText())
          .isEqualTo(server.uri("").toString());
    }
  }

  @Test
  void audit_server_takesTheKeyFromTheEnvironment_soItStaysOutOfTheProcessList() throws Exception {
    try (TestServer server = TestServer.start(Map.of())) {
      String dir = server.data().toString();
      String url = server.uri("").toString();
      CliRun.Child child =
          CliRun.child(
              Map.of("VIGIL_AUDIT_API_KEY", TestServer.ADMIN_KEY),
              "audit",
              "--data",
              dir,
              "--server",
              url,
              "--format",
              "json");

      assertThat(child.argv()).noneMatch(a -> a.contains(TestServer.ADMIN_KEY));
      assertThat(child.run().code()).as(child.run().err()).isIn(0, 1);
      JsonNode doc = JSON.readTree(child.run().out());
      assertThat(doc.path("sections").get(1).path("source").asText()).isEqualTo(url);
      CliRun without = run("audit", "--data", dir, "--server", url);
      assertThat(without.code()).isEqualTo(2);
      assertThat(without.err()).contains("--server and --api-key (or VIGIL_AUDIT_API_KEY)");
    }
  }

  @Test
  void audit_serverRefusesTheKey_orIsUnreachable_exits2WithOneLine() throws Exception {
    try (TestServer server = TestServer.start(Map.of())) {
      String dir = server.data().toString();
      String url = server.uri("").toString();
      String reader =
          run("apikey", "create", "--name", "reader", "--scope", "audit", "--data", dir)
              .out()
              .strip();

      CliRun narrow = run("audit", "--data", dir, "--server", url, "--api-key", reader);
      CliRun wrong = run("audit", "--data", dir, "--server", url, "--api-key", "x".repeat(40));
      CliRun nowhere =
          run("audit", "--data", dir, "--server", "http://127.0.0.1:1", "--api-key", reader);
      CliRun notUrl = run("audit", "--data", dir, "--server", "ftp://x", "--api-key", reader);

      assertThat(narrow.code()).isEqualTo(2);
      assertThat(vigilLines(narrow.err()))
          .containsExactly("vigil: --server " + url + ": 403, the API key lacks scope admin");
      assertThat(wrong.code()).isEqualTo(2);
      assertThat(vigilLines(wrong.err())).singleElement().asString().contains(": 401,");
      assertThat(nowhere.code()).isEqualTo(2);
      assertThat(vigilLines(nowhere.err()))
          .singleElement()
          .asString()
          .isEqualTo("vigil: --server http://127.0.0.1:1: cannot connect");
      assertThat(notUrl.code()).isEqualTo(2);
      assertThat(List.of(narrow, wrong, nowhere, notUrl))
          .allSatisfy(
              x -> {
                assertThat(x.err()).doesNotContain(reader).doesNotContain("Exception");
                assertThat(vigilLines(x.err())).hasSize(1);
              });
    }
  }

  @Test
  void audit_badUsage_exits2() throws Exception {
    String data = dev.vigil.testkit.TempPaths.directory("vigil-audit").toString();

    assertThat(run("audit", "--data", data, "--format", "xml").code()).isEqualTo(2);
    assertThat(run("audit", "--data", data, "--aal", "4").code()).isEqualTo(2);
    assertThat(run("audit", "--data", data, "--server", "http://127.0.0.1:1").code()).isEqualTo(2);
    assertThat(run("audit", "--data", data, "--idle-timeout", "soon").code()).isEqualTo(2);
  }

  @Test
  void verifyLog_stillRunsAsASubcommand() throws Exception {
    Path data = dev.vigil.testkit.TempPaths.directory("vigil-audit");

    CliRun r = run("audit", "verify-log", "--data", data.toString());

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("intact: 0 events");
  }

  private static dev.vigil.server.config.VigilConfig config(Path data) {
    return ConfigLoader.load(Optional.empty(), Map.of(), Map.of(ConfigKey.DATA, data.toString()));
  }

  private static Set<String> statuses(JsonNode doc, String section, String status) {
    Set<String> ids = new HashSet<>();
    for (JsonNode s : doc.path("sections")) {
      if (s.path("name").asText().equals(section)) {
        for (JsonNode c : s.path("checks")) {
          if (c.path("status").asText().equals(status)) {
            ids.add(c.path("id").asText());
          }
        }
      }
    }
    return ids;
  }

  private static JsonNode check(JsonNode doc, String section, String id) {
    for (JsonNode s : doc.path("sections")) {
      if (s.path("name").asText().equals(section)) {
        for (JsonNode c : s.path("checks")) {
          if (c.path("id").asText().equals(id)) {
            return c;
          }
        }
      }
    }
    throw new AssertionError("no check " + id + " in " + section);
  }

  /**
   * The lines the command printed to standard error; the server under test logs there too, in the
   * same JVM.
   */
  private static List<String> vigilLines(String err) {
    return err.lines().filter(l -> l.startsWith("vigil: ")).toList();
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }
}
