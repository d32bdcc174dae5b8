package dev.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.TestServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI reads configuration like serve, fails with one line and exit 2 on bad values. */
class CliTest {
  @Test
  void badConfigValue_exits2WithOneLineNamingTheKey() throws Exception {
    Path data = dev.vigil.testkit.TempPaths.directory("vigil-cli");
    CliRun r = run("serve", "--data", data.toString(), "--idle-timeout", "soon");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "vigil: --idle-timeout: expected an ISO-8601 duration such as PT30M, P7D or PT1S, got 'soon'");
  }

  @Test
  void apikeyCreateListRevoke_roundTrip_keyWorksUntilRevoked() throws Exception {
    try (TestServer server = TestServer.start(Map.of())) {
      String dir = server.data().toString();
      CliRun created =
          run("apikey", "create", "--name", "reader", "--scope", "audit", "--data", dir);
      assertThat(created.code()).isZero();
      String key = created.out().strip();
      assertThat(key).startsWith("vk1_");
      CliRun listed = run("apikey", "list", "--data", dir);
      assertThat(listed.out()).contains("reader").contains("audit").doesNotContain(key);

      var ok =
          server.send(
              java.net.http.HttpRequest.newBuilder(server.uri("/v1/events"))
                  .header("Authorization", "Bearer " + key)
                  .build());
      var wrongScope =
          server.send(
              java.net.http.HttpRequest.newBuilder(server.uri("/v1/subjects/x/sessions"))
                  .header("Authorization", "Bearer " + key)
                  .build());
      assertThat(ok.status()).isEqualTo(200);
      assertThat(wrongScope.status()).isEqualTo(403);

      assertThat(run("apikey", "revoke", "reader", "--data", dir).code()).isZero();
      // another process revoked it: the server reloads its keys every 2 s and trusts a cached key
      // at most 5 s
      dev.vigil.server.Eventually.until(
          "the revoked key is refused",
          java.time.Duration.ofSeconds(10),
          () ->
              server
                      .send(
                          java.net.http.HttpRequest.newBuilder(server.uri("/v1/events"))
                              .header("Authorization", "Bearer " + key)
                              .build())
                      .status()
                  == 401);
    }
  }

  @Test
  void explain_printsCauseAndTimeline() throws Exception {
    try (TestServer server = TestServer.start(Map.of())) {
      String token = server.createToken("explained");
      server.post("/v1/sessions/revoke", Map.of("token", token));
      String incident = server.verify(token).text("incident");
      // the server writes a refusal's event within its 50 ms batch: another process sees it then
      CliRun[] last = new CliRun[1];
      dev.vigil.server.Eventually.until(
          "the CLI finds the incident",
          java.time.Duration.ofSeconds(5),
          () ->
              (last[0] = run("explain", incident, "--data", server.data().toString())).code() == 0);
      CliRun r = last[0];
      assertThat(r.out())
          .contains("Verdict:  REVOKED")
          .contains("cause LOGOUT")
          .contains("session.created")
          .contains("session.revoked");
    }
  }

  @Test
  void usersCreateListRolesDisableTotpReset_workOnTheDataDirectory() throws Exception {
    try (TestServer server = TestServer.start(Map.of())) {
      String dir = server.data().toString();
      InputStream in = System.in;
      CliRun created;
      try {
        System.setIn(
            new java.io.ByteArrayInputStream(
                "violet kettle marching sideways 81\n".getBytes(StandardCharsets.UTF_8)));
        created =
            run("users", "create", "--username", "Operator", "--roles", "editor", "--data", dir);
      } finally {
        System.setIn(in);
      }
      assertThat(created.code()).as(created.err()).isZero();
      String id = created.out().strip();
      assertThat(id).startsWith("usr_");
      assertThat(run("users", "list", "--data", dir).out())
          .contains(id)
          .contains("Operator")
          .contains("editor");
      assertThat(run("users", "roles", id, "--roles", "admin,editor", "--data", dir).out())
          .contains("roles: admin,editor");
      String token =
          server
              .post(
                  "/v1/auth/login",
                  Map.of("username", "operator", "password", "violet kettle marching sideways 81"))
              .text("token");
      assertThat(run("users", "totp-reset", id, "--data", dir).out())
          .contains("had no authenticator");
      assertThat(run("users", "disable", id, "--data", dir).code()).isZero();
      // another process's change reaches the server's cache once cache_ttl (10 s) has passed and
      // the background refresh has run
      dev.vigil.server.Eventually.until(
          "the server sees the CLI's disable",
          java.time.Duration.ofSeconds(25),
          () ->
              server
                  .verify(token)
                  .json()
                  .path("revocation")
                  .path("cause")
                  .asText()
                  .equals("ACCOUNT_DISABLED"));
      assertThat(run("users", "disable", "usr_AAAAAAAAAAAAAAAAAAAAAA", "--data", dir).code())
          .isEqualTo(1);
    }
  }

  @Test
  void aNamedSubcommand_aloneIsBuilt_anythingElseBuildsThemAll() {
    assertThat(VigilCommand.commandLine("serve", "--port", "1").getSubcommands())
        .containsOnlyKeys("serve");
    assertThat(
            VigilCommand.commandLine("serve")
                .getSubcommands()
                .get("serve")
                .getCommandSpec()
                .findOption("--header-timeout"))
        .as("the configuration's options")
        .isNotNull();
    for (String[] args :
        List.of(new String[] {}, new String[] {"--help"}, new String[] {"serv", "--port", "1"})) {
      assertThat(VigilCommand.commandLine(args).getSubcommands())
          .as(String.join(" ", args))
          .hasSize(VigilCommand.subcommands().size())
          .containsKeys("serve", "keys", "audit", "probe", "bench");
    }
    CliRun mistyped = run("serv");
    assertThat(mistyped.code()).isEqualTo(2);
    assertThat(mistyped.err()).contains("serve");
  }

  @Test
  void eventsExport_writesJsonLinesOldestFirst() throws Exception {
    try (TestServer server = TestServer.start(Map.of())) {
      String token = server.createToken("exported");
      server.post("/v1/sessions/revoke", Map.of("token", token));
      java.nio.file.Path out = server.data().resolve("events.jsonl");
      CliRun r =
          run(
              "events",
              "export",
              "--since",
              "2000-01-01T00:00:00Z",
              "--output",
              out.toString(),
              "--data",
              server.data().toString());
      assertThat(r.code()).as(r.err()).isZero();
      java.util.List<String> lines = java.nio.file.Files.readAllLines(out);
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0))
          .startsWith("{\"id\":\"evt_")
          .contains("\"type\":\"session.created\"");
      assertThat(lines.get(1)).contains("\"type\":\"session.revoked\"");
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  java.nio.file.Files.getPosixFilePermissions(out)))
          .as("subjects, addresses and user agents: others may not read the export")
          .isEqualTo("rw-------");
      java.nio.file.Path theirs = server.data().resolve("theirs.jsonl");
      java.nio.file.Files.writeString(theirs, "old\n");
      java.nio.file.Files.setPosixFilePermissions(
          theirs, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
      assertThat(
              run(
                      "events",
                      "export",
                      "--since",
                      "2000-01-01T00:00:00Z",
                      "--output",
                      theirs.toString(),
                      "--data",
                      server.data().toString())
                  .code())
          .isZero();
      assertThat(java.nio.file.Files.readAllLines(theirs)).isEqualTo(lines);
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  java.nio.file.Files.getPosixFilePermissions(theirs)))
          .as("an operator's existing file keeps its mode")
          .isEqualTo("rw-r-----");
      assertThat(
              run("events", "export", "--since", "yesterday", "--data", server.data().toString())
                  .code())
          .isEqualTo(2);
    }
  }

  @Test
  void webhooksAddListRemove_roundTrip_andTheApiNeedsTheAdminScope() throws Exception {
    try (TestServer server = TestServer.start(Map.of())) {
      String dir = server.data().toString();
      CliRun added =
          run(
              "webhooks",
              "add",
              "https://hooks.example.com/vigil",
              "--events",
              "session.revoked,anomaly.detected",
              "--data",
              dir);
      assertThat(added.code()).isZero();
      String[] idAndSecret = added.out().strip().split(" ");
      assertThat(idAndSecret[0]).startsWith("whk_");
      assertThat(idAndSecret[1]).startsWith("whsec_");
      CliRun listed = run("webhooks", "list", "--data", dir);
      assertThat(listed.out())
          .contains(idAndSecret[0])
          .contains("anomaly.detected,session.revoked")
          .doesNotContain(idAndSecret[1]);
      assertThat(server.get("/v1/webhooks").json().path("webhooks").get(0).path("id").asText())
          .isEqualTo(idAndSecret[0]);
      CliRun bad = run("webhooks", "add", "ftp://x", "--data", dir);
      assertThat(bad.code()).isEqualTo(2);
      assertThat(bad.err()).contains("url");
      assertThat(run("webhooks", "remove", idAndSecret[0], "--data", dir).code()).isZero();
      assertThat(run("webhooks", "remove", idAndSecret[0], "--data", dir).code()).isEqualTo(1);
      assertThat(run("webhooks", "list", "--data", dir).out()).isBlank();

      String audit =
          run("apikey", "create", "--name", "auditor", "--scope", "audit", "--data", dir)
              .out()
              .strip();
      var forbidden =
          server.send(
              java.net.http.HttpRequest.newBuilder(server.uri("/v1/webhooks"))
                  .header("Authorization", "Bearer " + audit)
                  .build());
      assertThat(forbidden.status()).isEqualTo(403);
    }
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }
}
