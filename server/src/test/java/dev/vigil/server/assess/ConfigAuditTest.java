package dev.vigil.server.assess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.access.Scope;
import dev.vigil.audit.ChainAnchor;
import dev.vigil.audit.EventChain;
import dev.vigil.id.EventId;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.token.Keyring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The settings checks on configurations loaded as {@code serve} loads them: the defaults pass with
 * warnings only where the operator must decide, and each bad setting gives its FAIL or WARN.
 */
class ConfigAuditTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The warnings a fresh install gets: each needs a decision only the operator can make. */
  static final Set<String> OPERATOR_DECISIONS =
      Set.of(
          "session.caps", "transport.tls", "password.blocklist", "notices.mail", "notices.alerts");

  @Test
  void settings_defaultsAtAal2_noFail_warnsOnlyOnOperatorDecisions() {
    List<Check> checks = ConfigAudit.settings(settings(Map.of()), Aal.AAL2, NOW);

    assertThat(ids(checks, Status.FAIL)).isEmpty();
    assertThat(ids(checks, Status.WARN)).isEqualTo(OPERATOR_DECISIONS);
    assertThat(checks)
        .allSatisfy(c -> assertThat(c.asvs().isPresent() || c.nist().isPresent()).isTrue());
  }

  @Test
  void idle_twoHoursAtAal2_fails_butPassesAtAal1() {
    Settings s = settings(Map.of(ConfigKey.IDLE_TIMEOUT, "PT2H"));

    Check aal2 = find(ConfigAudit.settings(s, Aal.AAL2, NOW), "session.idle");
    assertThat(aal2.status()).isEqualTo(Status.FAIL);
    assertThat(aal2.nist()).contains("§2.2.3");
    assertThat(aal2.asvs()).contains("7.3.1");
    assertThat(find(ConfigAudit.settings(s, Aal.AAL1, NOW), "session.idle").status())
        .isEqualTo(Status.PASS);
  }

  @Test
  void absolute_aboveTheLevel_fails() {
    Settings day = settings(Map.of(ConfigKey.ABSOLUTE_TIMEOUT, "PT25H"));
    Settings halfDay = settings(Map.of(ConfigKey.ABSOLUTE_TIMEOUT, "PT13H"));

    assertThat(status(ConfigAudit.settings(day, Aal.AAL2, NOW), "session.absolute"))
        .isEqualTo(Status.FAIL);
    assertThat(status(ConfigAudit.settings(halfDay, Aal.AAL2, NOW), "session.absolute"))
        .isEqualTo(Status.PASS);
    assertThat(status(ConfigAudit.settings(halfDay, Aal.AAL3, NOW), "session.absolute"))
        .isEqualTo(Status.FAIL);
  }

  @Test
  void caps_withinTheLevel_pass_andAboveThirtyDays_fail() {
    Settings tight =
        settings(
            Map.of(ConfigKey.MAX_IDLE_TIMEOUT, "PT1H", ConfigKey.MAX_ABSOLUTE_TIMEOUT, "PT24H"));
    Settings loose =
        settings(
            Map.of(ConfigKey.MAX_IDLE_TIMEOUT, "P31D", ConfigKey.MAX_ABSOLUTE_TIMEOUT, "P31D"));

    assertThat(status(ConfigAudit.settings(tight, Aal.AAL2, NOW), "session.caps"))
        .isEqualTo(Status.PASS);
    assertThat(status(ConfigAudit.settings(loose, Aal.AAL2, NOW), "session.caps"))
        .isEqualTo(Status.FAIL);
  }

  @Test
  void rotation_neverBeforeTheEnd_fails_andGraceIsBounded() {
    Settings never =
        settings(Map.of(ConfigKey.ROTATE_AFTER, "PT12H", ConfigKey.ABSOLUTE_TIMEOUT, "PT12H"));
    Settings longGrace = settings(Map.of(ConfigKey.ROTATION_GRACE, "PT2M"));
    Settings endless = settings(Map.of(ConfigKey.ROTATION_GRACE, "PT10M"));

    assertThat(status(ConfigAudit.settings(never, Aal.AAL2, NOW), "rotation.on"))
        .isEqualTo(Status.FAIL);
    assertThat(status(ConfigAudit.settings(longGrace, Aal.AAL2, NOW), "rotation.grace"))
        .isEqualTo(Status.WARN);
    assertThat(status(ConfigAudit.settings(endless, Aal.AAL2, NOW), "rotation.grace"))
        .isEqualTo(Status.FAIL);
  }

  @Test
  void transport_insecureCookiesFail_tlsProxyPasses() {
    Settings dev = settings(Map.of(ConfigKey.DEV_INSECURE_COOKIES, "true"));
    Settings proxied = settings(Map.of(ConfigKey.HOST, "0.0.0.0", ConfigKey.TLS_PROXY, "true"));

    assertThat(status(ConfigAudit.settings(dev, Aal.AAL2, NOW), "web.cookies"))
        .isEqualTo(Status.FAIL);
    assertThat(status(ConfigAudit.settings(proxied, Aal.AAL2, NOW), "transport.tls"))
        .isEqualTo(Status.PASS);
  }

  @Test
  void entropy_belowOneHundredTwentyEightBits_fails() {
    Settings s = settings(Map.of());
    Settings.Sessions weak =
        new Settings.Sessions(
            64,
            s.sessions().idleTimeout(),
            s.sessions().absoluteTimeout(),
            s.sessions().maxIdleTimeout(),
            s.sessions().maxAbsoluteTimeout(),
            s.sessions().rotateAfter(),
            s.sessions().rotationGrace(),
            s.sessions().keyOverlap());

    assertThat(status(ConfigAudit.settings(s, Aal.AAL2, NOW), "token.entropy"))
        .isEqualTo(Status.PASS);
    assertThat(SessionChecks.entropy(weak).status()).isEqualTo(Status.FAIL);
  }

  @Test
  void passwords_shortSingleFactorFails_contextWordsPass() {
    Settings shortOnes = settings(Map.of(ConfigKey.PASSWORD_MIN_LENGTH, "12"));
    Settings words = settings(Map.of(ConfigKey.PASSWORD_CONTEXT_WORDS, "acme,rocket"));

    assertThat(status(ConfigAudit.settings(shortOnes, Aal.AAL2, NOW), "password.length"))
        .isEqualTo(Status.FAIL);
    assertThat(status(ConfigAudit.settings(words, Aal.AAL2, NOW), "password.blocklist"))
        .isEqualTo(Status.PASS);
  }

  @Test
  void defences_offFails_reportOnlyWarnsAndIsNamed() {
    Settings off = settings(Map.of(ConfigKey.GUESSING_LIMIT, "0", ConfigKey.ANOMALY_THEFT, "off"));
    Settings trial =
        settings(
            Map.of(ConfigKey.ANOMALY_SPIKE, "report_only", ConfigKey.LOGIN_ADDRESS_LIMIT, "0"));

    List<Check> offChecks = ConfigAudit.settings(off, Aal.AAL2, NOW);
    assertThat(status(offChecks, "throttle.guessing")).isEqualTo(Status.FAIL);
    assertThat(status(offChecks, "anomaly.theft")).isEqualTo(Status.FAIL);
    List<Check> trialChecks = ConfigAudit.settings(trial, Aal.AAL2, NOW);
    assertThat(find(trialChecks, "anomaly.spike").status()).isEqualTo(Status.WARN);
    assertThat(find(trialChecks, "anomaly.spike").finding()).contains("report_only");
    assertThat(status(trialChecks, "throttle.signin")).isEqualTo(Status.WARN);
  }

  @Test
  void notices_mailWithAlertsPasses_starttlsOffWarns() {
    Settings mail =
        settings(
            Map.of(
                ConfigKey.SMTP_HOST, "smtp.example.com", ConfigKey.ALERT_EMAIL, "ops@example.com"));
    Settings clear =
        settings(Map.of(ConfigKey.SMTP_HOST, "smtp.example.com", ConfigKey.SMTP_STARTTLS, "off"));

    assertThat(status(ConfigAudit.settings(mail, Aal.AAL2, NOW), "notices.mail"))
        .isEqualTo(Status.PASS);
    assertThat(status(ConfigAudit.settings(mail, Aal.AAL2, NOW), "notices.alerts"))
        .isEqualTo(Status.PASS);
    assertThat(status(ConfigAudit.settings(clear, Aal.AAL2, NOW), "notices.mail"))
        .isEqualTo(Status.WARN);
  }

  @Test
  void retention_shortWarns() {
    Settings s = settings(Map.of(ConfigKey.AUDIT_RETENTION, "P30D"));

    assertThat(status(ConfigAudit.settings(s, Aal.AAL2, NOW), "audit.retention"))
        .isEqualTo(Status.WARN);
  }

  @Test
  void signingKey_oldWarns_veryOldFails() {
    assertThat(KeyChecks.signing(List.of(key(100)), Duration.ofDays(30), NOW).status())
        .isEqualTo(Status.WARN);
    assertThat(KeyChecks.signing(List.of(key(400)), Duration.ofDays(30), NOW).status())
        .isEqualTo(Status.FAIL);
    assertThat(KeyChecks.signing(List.of(key(10)), Duration.ofDays(30), NOW).status())
        .isEqualTo(Status.PASS);
  }

  @Test
  void apiKeys_oldAdminFails_manyAdminsWarn_oldNarrowWarns() {
    Settings.ApiKeyInfo oldAdmin = apiKey("ops", Scope.ADMIN, 100);
    Settings.ApiKeyInfo oldReader = apiKey("reader", Scope.AUDIT, 400);
    List<Settings.ApiKeyInfo> admins =
        List.of(
            apiKey("a", Scope.ADMIN, 1),
            apiKey("b", Scope.ADMIN, 1),
            apiKey("c", Scope.ADMIN, 1),
            apiKey("d", Scope.ADMIN, 1));

    Check old = KeyChecks.adminKeys(List.of(oldAdmin), NOW);
    assertThat(old.status()).isEqualTo(Status.FAIL);
    assertThat(old.finding()).contains("ops");
    assertThat(KeyChecks.adminKeys(admins, NOW).status()).isEqualTo(Status.WARN);
    assertThat(KeyChecks.adminKeys(List.of(oldReader), NOW).status()).isEqualTo(Status.PASS);
    assertThat(KeyChecks.apiKeyAge(List.of(oldReader), NOW).status()).isEqualTo(Status.WARN);
    assertThat(KeyChecks.bootstrap(true).status()).isEqualTo(Status.WARN);
  }

  @Test
  void chain_brokenFails_intactPasses() {
    EventChain.Check intact =
        new EventChain.Check(
            true,
            7,
            Optional.empty(),
            Optional.of(new ChainAnchor(5, "a".repeat(64), 5, NOW, NOW)));
    EventChain.Check broken =
        new EventChain.Check(false, 3, Optional.of(EventId.random(RANDOM)), Optional.empty());

    assertThat(DataChecks.chain(intact).status()).isEqualTo(Status.PASS);
    assertThat(DataChecks.chain(broken).status()).isEqualTo(Status.FAIL);
  }

  @Test
  void modes_ownerOnlyPasses_groupReadWarns_worldOrSecretFileFails() throws Exception {
    Path dir = dev.vigil.testkit.TempPaths.directory("vigil-modes");
    Path keyring = Files.writeString(dir.resolve("keyring.json"), "{}");
    Files.setPosixFilePermissions(keyring, PosixFilePermissions.fromString("rw-------"));

    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    assertThat(DataChecks.modes(dir, Set.of("keyring.json")).status()).isEqualTo(Status.PASS);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
    assertThat(DataChecks.modes(dir, Set.of("keyring.json")).status()).isEqualTo(Status.WARN);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThat(DataChecks.modes(dir, Set.of("keyring.json")).status()).isEqualTo(Status.FAIL);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(keyring, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(DataChecks.modes(dir, Set.of("keyring.json")).status()).isEqualTo(Status.FAIL);
  }

  @Test
  void modes_nativeLibraryWritableByOthers_fails() throws Exception {
    Path dir = dev.vigil.testkit.TempPaths.directory("vigil-modes");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Path code = Files.createDirectory(dir.resolve("native"));
    Path library = Files.write(code.resolve("libsqlitejdbc.so"), new byte[] {1});
    Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(code, PosixFilePermissions.fromString("rwxr-xr-x"));
    // others may read and run it: it is no secret
    assertThat(DataChecks.modes(dir, Set.of()).status()).isEqualTo(Status.PASS);

    Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("rw-rw-r--"));
    Check c = DataChecks.modes(dir, Set.of());
    assertThat(c.status()).isEqualTo(Status.FAIL);
    assertThat(c.finding()).contains("native/libsqlitejdbc.so rw-rw-r-- (code Vigil loads)");

    Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(code, PosixFilePermissions.fromString("rwx-w--w-"));
    assertThat(DataChecks.modes(dir, Set.of()).finding()).contains("native rwx-w--w-");
  }

  @Test
  void drift_namesEveryDifferingKey() {
    Settings file = settings(Map.of());
    Settings server =
        settings(
            Map.of(
                ConfigKey.IDLE_TIMEOUT, "PT2H",
                ConfigKey.ANOMALY_SPIKE, "off",
                ConfigKey.HEADER_TIMEOUT, "PT1M"));

    Check same = ConfigAudit.drift(file, file);
    Check differ = ConfigAudit.drift(file, server);

    assertThat(same.status()).isEqualTo(Status.PASS);
    assertThat(differ.status()).isEqualTo(Status.WARN);
    assertThat(differ.finding())
        .contains("idle_timeout PT2H (here PT30M)")
        .contains("anomaly_spike off (here enforce)")
        .contains("header_timeout PT1M (here PT10S)")
        .doesNotContain("absolute_timeout");
  }

  @Test
  void check_fixComesWithWarnAndFailOnly() {
    Check.Ref ref = Check.Ref.of("x.y", "X", "1.1.1", "");
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new Check(
                    Status.PASS,
                    "x.y",
                    "X",
                    Optional.empty(),
                    Optional.empty(),
                    "f",
                    Optional.of("x")));
    assertThat(Check.warn(ref, "f", "do").fix()).contains("do");
  }

  static Settings settings(Map<ConfigKey, String> overrides) {
    Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
    flags.put(ConfigKey.DATA, "/nonexistent/vigil-audit-test");
    flags.putAll(overrides);
    return Settings.of(
        ConfigLoader.load(Optional.empty(), Map.of(), flags),
        Keyring.generate(RANDOM, NOW.minus(Duration.ofDays(1))),
        List.of());
  }

  private static Settings.SigningKeyInfo key(int daysOld) {
    return new Settings.SigningKeyInfo(
        "k" + daysOld, NOW.minus(Duration.ofDays(daysOld)), Optional.empty());
  }

  private static Settings.ApiKeyInfo apiKey(String name, Scope scope, int daysOld) {
    return new Settings.ApiKeyInfo(
        "key_" + name, name, Set.of(scope), NOW.minus(Duration.ofDays(daysOld)));
  }

  static Set<String> ids(List<Check> checks, Status status) {
    return checks.stream()
        .filter(c -> c.status() == status)
        .map(Check::id)
        .collect(Collectors.toSet());
  }

  static Check find(List<Check> checks, String id) {
    return checks.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  private static Status status(List<Check> checks, String id) {
    return find(checks, id).status();
  }
}
