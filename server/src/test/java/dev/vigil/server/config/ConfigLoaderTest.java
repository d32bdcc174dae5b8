package dev.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  @Test
  void defaults_matchTheContract() {
    VigilConfig c = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.data()).isEqualTo(Path.of("./vigil-data"));
    assertThat(c.policy().idleTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.policy().absoluteTimeout()).isEqualTo(Duration.ofHours(12));
    assertThat(c.policy().rotateAfter()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.policy().rotationGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.policy().maxSessionsPerSubject()).isEqualTo(100);
  }

  @Test
  void layers_fileThenEnvironmentThenFlags() throws Exception {
    Path file = dev.vigil.testkit.TempPaths.file("vigil", ".yaml");
    Files.writeString(file, "idle_timeout: PT5M\nport: 9000\nrotate_after: PT2M\n");
    VigilConfig c =
        ConfigLoader.load(
            Optional.of(file),
            Map.of("VIGIL_PORT", "9100", "VIGIL_ROTATE_AFTER", "PT3M"),
            Map.of(ConfigKey.ROTATE_AFTER, "PT4M"));
    assertThat(c.policy().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.port()).isEqualTo(9100);
    assertThat(c.policy().rotateAfter()).isEqualTo(Duration.ofMinutes(4));
  }

  @Test
  void oneSecondTimeouts_areAccepted() {
    VigilConfig c =
        ConfigLoader.load(
            Optional.empty(),
            Map.of("VIGIL_IDLE_TIMEOUT", "PT1S", "VIGIL_ABSOLUTE_TIMEOUT", "PT1S"),
            Map.of());
    assertThat(c.policy().idleTimeout()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void badValue_namesTheKeyAsItsLayerSpellsIt() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(Optional.empty(), Map.of("VIGIL_IDLE_TIMEOUT", "30m"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("VIGIL_IDLE_TIMEOUT: expected an ISO-8601 duration");
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of(ConfigKey.PORT, "70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--port: must be between 0 and 65535");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(Optional.empty(), Map.of("VIGIL_IDLE_TIMEOUT", "P40D"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("max_idle_timeout");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of("VIGIL_BOOTSTRAP_API_KEY", "short"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("VIGIL_BOOTSTRAP_API_KEY");
  }

  @Test
  void auditRetention_defaultsTo400Days_fromADayToACentury() {
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).auditRetention())
        .isEqualTo(Duration.ofDays(400));
    assertThat(
            ConfigLoader.load(Optional.empty(), Map.of(), Map.of(ConfigKey.AUDIT_RETENTION, "P1D"))
                .auditRetention())
        .isEqualTo(Duration.ofDays(1));
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of("VIGIL_AUDIT_RETENTION", "PT23H"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("VIGIL_AUDIT_RETENTION: must be from P1D to P36500D");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), Map.of(ConfigKey.AUDIT_RETENTION, "P36501D")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--audit-retention: must be at most P36500D");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), Map.of(ConfigKey.AUDIT_RETENTION, "400 days")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--audit-retention: expected an ISO-8601 duration");
  }

  @Test
  void unknownKeyInFile_isRefused() throws Exception {
    Path file = dev.vigil.testkit.TempPaths.file("vigil", ".yaml");
    Files.writeString(file, "idle_timout: PT5M\n");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'idle_timout'");
  }

  @Test
  void permissions_parseAndRefuseBadForms() {
    VigilConfig c =
        ConfigLoader.load(
            Optional.empty(),
            Map.of("VIGIL_PERMISSIONS", "editor=posts:write; admin=posts:write,users:manage"),
            Map.of());
    assertThat(c.permissions().of(java.util.Set.of("admin")))
        .containsExactlyInAnyOrder("posts:write", "users:manage");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of("VIGIL_PERMISSIONS", "editor"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("VIGIL_PERMISSIONS: expected role=perm");
  }

  @Test
  void passwordLengths_areConfigurable_butNeverBelowEight() {
    VigilConfig c =
        ConfigLoader.load(Optional.empty(), Map.of("VIGIL_PASSWORD_MIN_LENGTH", "20"), Map.of());
    assertThat(c.passwordPolicy().minLength()).isEqualTo(20);
    assertThat(c.passwordPolicy().minLengthWithTotp()).isEqualTo(8);
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of("VIGIL_PASSWORD_MIN_LENGTH_TOTP", "6"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("VIGIL_PASSWORD_MIN_LENGTH_TOTP: must be between 8");
  }

  @Test
  void notices_andAnomalyRules_parseWithTheirDefaults_andRefuseBadValues() {
    VigilConfig d = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());
    assertThat(d.notices().smtp()).isEmpty();
    assertThat(d.notices().retryBase()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.notices().backoff(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.notices().backoff(3)).isEqualTo(Duration.ofSeconds(45));
    assertThat(d.notices().backoff(40)).isEqualTo(Duration.ofHours(10));
    assertThat(d.anomalies().theft()).isEqualTo(dev.vigil.server.anomaly.RuleMode.ENFORCE);

    VigilConfig c =
        ConfigLoader.load(
            Optional.empty(),
            Map.of("VIGIL_SMTP_HOST", "mail.example.com", "VIGIL_SMTP_PASSWORD", "hunter2hunter2"),
            Map.of(
                ConfigKey.ANOMALY_SPIKE,
                "report_only",
                ConfigKey.ALERT_EMAIL,
                "ops@example.com",
                ConfigKey.PUBLIC_URL,
                "https://vigil.example.com"));
    assertThat(c.notices().smtp().orElseThrow().port()).isEqualTo(587);
    assertThat(c.notices().smtp().orElseThrow().starttls())
        .isEqualTo(dev.vigil.server.notify.Smtp.StartTls.REQUIRED);
    assertThat(c.notices().smtp().orElseThrow().toString()).doesNotContain("hunter2");
    assertThat(c.toString()).doesNotContain("hunter2");
    assertThat(c.anomalies().spike()).isEqualTo(dev.vigil.server.anomaly.RuleMode.REPORT_ONLY);
    assertThat(c.notices().publicUrl()).hasValue("https://vigil.example.com");

    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of("VIGIL_ANOMALY_THEFT", "sometimes"), Map.of()))
        .hasMessage("VIGIL_ANOMALY_THEFT: expected enforce, report_only or off, got 'sometimes'");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), Map.of(ConfigKey.ALERT_EMAIL, "not-an-address")))
        .hasMessageStartingWith("--alert-email: expected an e-mail address");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), Map.of(ConfigKey.PUBLIC_URL, "https://x.com/")))
        .hasMessageStartingWith("--public-url: expected an http or https base URL");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(),
                    Map.of("VIGIL_SMTP_HOST", "m", "VIGIL_SMTP_STARTTLS", "maybe"),
                    Map.of()))
        .hasMessageStartingWith("VIGIL_SMTP_STARTTLS: expected required, optional or off");
  }

  @Test
  void httpLimits_defaultAndLayer_andRefuseBadValuesNamingTheKey() throws Exception {
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).http())
        .isEqualTo(dev.vigil.server.config.HttpLimits.DEFAULTS);
    Path file = dev.vigil.testkit.TempPaths.file("vigil", ".yaml");
    Files.writeString(file, "max_body_bytes: 4096\nmax_connections: 50\n");
    dev.vigil.server.config.HttpLimits set =
        ConfigLoader.load(
                Optional.of(file),
                Map.of(
                    "VIGIL_MAX_HEADER_BYTES", "16384",
                    "VIGIL_REQUEST_TIMEOUT", "PT5S",
                    "VIGIL_HEADER_TIMEOUT", "PT3S"),
                Map.of(
                    ConfigKey.MAX_CONCURRENT_REQUESTS, "8",
                    ConfigKey.IDLE_CONNECTION_TIMEOUT, "PT2S"))
            .http();
    assertThat(set)
        .isEqualTo(
            new dev.vigil.server.config.HttpLimits(
                4096,
                16384,
                Duration.ofSeconds(5),
                Duration.ofSeconds(3),
                8,
                Duration.ofSeconds(2),
                50));
    Map<ConfigKey, String> bad =
        Map.of(
            ConfigKey.HEADER_TIMEOUT, "PT11M",
            ConfigKey.MAX_BODY_BYTES, "100",
            ConfigKey.MAX_HEADER_BYTES, "1000000",
            ConfigKey.REQUEST_TIMEOUT, "PT0.5S",
            ConfigKey.MAX_CONCURRENT_REQUESTS, "0",
            ConfigKey.IDLE_CONNECTION_TIMEOUT, "PT2H",
            ConfigKey.MAX_CONNECTIONS, "many");
    bad.forEach(
        (key, value) ->
            assertThatThrownBy(
                    () -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of(key, value)))
                .as("%s %s", key, value)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key.flag() + ":"));
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(),
                    Map.of(),
                    Map.of(ConfigKey.REQUEST_TIMEOUT, "PT2S", ConfigKey.STORE_TIMEOUT, "PT2S")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--request-timeout: must be longer than store_timeout");
  }

  @Test
  void passwordHashing_defaultsToOwaspsCost_onAnyEngine_andRefusesLessThanOwaspsMinimum() {
    PasswordHashing d = ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).passwordHashing();
    assertThat(d.params()).isEqualTo(dev.vigil.account.PasswordHasher.Params.OWASP);
    assertThat(d.engine()).isEqualTo(PasswordHashing.Engine.AUTO);
    int cores = Runtime.getRuntime().availableProcessors();
    // one core always left to verification, and every core while nothing else needs it
    assertThat(d.threads())
        .isEqualTo(new dev.vigil.account.PasswordHasher.Concurrency(Math.max(1, cores - 1), cores));
    assertThat(
            ConfigLoader.load(
                    Optional.empty(), Map.of("VIGIL_PASSWORD_HASH_THREADS", "3"), Map.of())
                .passwordHashing()
                .threads())
        .isEqualTo(dev.vigil.account.PasswordHasher.Concurrency.fixed(3));
    PasswordHashing keycloak =
        ConfigLoader.load(
                Optional.empty(),
                Map.of(
                    "VIGIL_PASSWORD_HASH_MEMORY_KIB", "7168",
                    "VIGIL_PASSWORD_HASH_ITERATIONS", "5",
                    "VIGIL_PASSWORD_HASH_ENGINE", "java"),
                Map.of())
            .passwordHashing();
    assertThat(keycloak.params())
        .isEqualTo(new dev.vigil.account.PasswordHasher.Params(7168, 5, 1));
    assertThat(keycloak.engine()).isEqualTo(PasswordHashing.Engine.JAVA);
    // 12 MiB is enough for three passes, not for two
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of("VIGIL_PASSWORD_HASH_MEMORY_KIB", "12288"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("VIGIL_PASSWORD_HASH_MEMORY_KIB")
        .hasMessageContaining("at least 19456");
    assertThat(
            ConfigLoader.load(
                    Optional.empty(),
                    Map.of(
                        "VIGIL_PASSWORD_HASH_MEMORY_KIB", "12288",
                        "VIGIL_PASSWORD_HASH_ITERATIONS", "3"),
                    Map.of())
                .passwordHashing()
                .params()
                .meetsOwaspMinimum())
        .isTrue();
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of("VIGIL_PASSWORD_HASH_ENGINE", "fast"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("expected auto, native or java");
  }

  @Test
  void userAgentAnalyzer_isUapByDefault_yauaaOrKeywordsOnRequest_andNothingElse() {
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).userAgentAnalyzer())
        .isEqualTo(UserAgentAnalyzer.UAP);
    assertThat(
            ConfigLoader.load(
                    Optional.empty(), Map.of("VIGIL_USER_AGENT_ANALYZER", "yauaa"), Map.of())
                .userAgentAnalyzer())
        .isEqualTo(UserAgentAnalyzer.YAUAA);
    assertThat(
            ConfigLoader.load(
                    Optional.empty(), Map.of("VIGIL_USER_AGENT_ANALYZER", "keywords"), Map.of())
                .userAgentAnalyzer())
        .isEqualTo(UserAgentAnalyzer.KEYWORDS);
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of("VIGIL_USER_AGENT_ANALYZER", "regex"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("expected yauaa, uap or keywords");
  }
}
