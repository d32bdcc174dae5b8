package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.TestServer;
import dev.vigil.server.assess.Settings;
import dev.vigil.server.assess.SettingsJson;
import dev.vigil.server.cli.VigilCommand;
import dev.vigil.server.config.ConfigKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/admin/config}: the effective settings for an admin key only, and never a secret
 * (key material, API key text or hash, SMTP password).
 */
class AdminConfigApiTest {
  private static final String SMTP_PASSWORD = "smtp-password-never-shown-9f3e";
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            Map.of(
                ConfigKey.IDLE_TIMEOUT, "PT20M",
                ConfigKey.ANOMALY_SPIKE, "report_only",
                ConfigKey.SMTP_HOST, "127.0.0.1",
                ConfigKey.SMTP_PORT, "2",
                ConfigKey.SMTP_USERNAME, "vigil",
                ConfigKey.SMTP_PASSWORD, SMTP_PASSWORD));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void config_withoutKey_is401WithBearerChallenge() {
    ApiClientReply r = call(null);
    assertThat(r.status).isEqualTo(401);
    assertThat(r.challenge).isEqualTo("Bearer");
  }

  @Test
  void config_withUnknownKey_is401() {
    assertThat(call("not-a-key-0123456789abcdefghijklmnopqrstuvwxyz").status).isEqualTo(401);
  }

  @Test
  void config_withAuditKey_is403InsufficientScope() {
    String audit =
        cli("apikey", "create", "--name", "reader", "--scope", "audit,sessions,accounts").strip();
    ApiClientReply r = call(audit);
    assertThat(r.status).isEqualTo(403);
    assertThat(r.challenge).contains("insufficient_scope").contains("scope=\"admin\"");
  }

  @Test
  void config_withAdminKey_isTheEffectiveSettings() throws Exception {
    var r = server.get("/v1/admin/config");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.raw().headers().firstValue("Cache-Control")).contains("no-store");
    Settings s = SettingsJson.read(r.json());
    assertThat(s.sessions().idleTimeout()).isEqualTo(Duration.ofMinutes(20));
    assertThat(s.defences().spike().wire()).isEqualTo("report_only");
    assertThat(s.notices().mail()).isTrue();
    assertThat(s.bootstrapApiKey()).isTrue();
    assertThat(s.signingKeys()).hasSize(1);
    assertThat(s.apiKeys()).extracting(Settings.ApiKeyInfo::name).contains("bootstrap");
  }

  @Test
  void config_neverContainsASecret() throws Exception {
    String body = server.get("/v1/admin/config").raw().body();

    List<String> secrets = new ArrayList<>();
    secrets.add(TestServer.ADMIN_KEY);
    secrets.add(SMTP_PASSWORD);
    byte[] keyHash =
        MessageDigest.getInstance("SHA-256")
            .digest(TestServer.ADMIN_KEY.getBytes(StandardCharsets.UTF_8));
    secrets.add(HexFormat.of().formatHex(keyHash));
    secrets.add(Base64.getEncoder().withoutPadding().encodeToString(keyHash));
    secrets.add(Base64.getUrlEncoder().withoutPadding().encodeToString(keyHash));
    JsonNode keyring =
        new ObjectMapper().readTree(Files.readString(server.data().resolve("keyring.json")));
    for (JsonNode k : keyring.path("keys")) {
      String material = k.path("material").asText();
      assertThat(material).isNotEmpty();
      secrets.add(material);
      secrets.add(HexFormat.of().formatHex(Base64.getDecoder().decode(material)));
    }
    assertThat(secrets).allSatisfy(secret -> assertThat(body).doesNotContain(secret));
    assertThat(body)
        .doesNotContain("password\":\"")
        .doesNotContain("material")
        .doesNotContain("hash");
  }

  private record ApiClientReply(int status, String challenge) {}

  private static ApiClientReply call(String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri("/v1/admin/config"));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    var r = server.send(b.build());
    return new ApiClientReply(
        r.status(), r.raw().headers().firstValue("WWW-Authenticate").orElse(""));
  }

  private static String cli(String... args) {
    PrintStream out = System.out;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      List<String> all = new ArrayList<>(List.of(args));
      all.addAll(List.of("--data", server.data().toString()));
      assertThat(VigilCommand.run(all.toArray(String[]::new))).isZero();
      return o.toString(StandardCharsets.UTF_8);
    } finally {
      System.setOut(out);
    }
  }
}
