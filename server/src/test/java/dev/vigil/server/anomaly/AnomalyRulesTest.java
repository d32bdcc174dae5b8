package dev.vigil.server.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.Event;
import dev.vigil.audit.EventQuery;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
import dev.vigil.id.EventId;
import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.store.jdbc.JdbcSignInBlocks;
import dev.vigil.store.sqlite.SqliteAuditLog;
import dev.vigil.store.sqlite.SqliteDatabase;
import dev.vigil.store.sqlite.SqliteOutbox;
import dev.vigil.testkit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each anomaly rule fires on its pattern and stays quiet on normal traffic, in enforce and in
 * report_only mode, reading a real SQLite event log on a controlled clock.
 */
class AnomalyRulesTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T00:00:00Z"));
  private SqliteDatabase db;
  private SqliteAuditLog log;
  private AnomalyRules rules;

  private AnomalyRules rules(AnomalySettings settings) {
    db = SqliteDatabase.open(dir.resolve("vigil.db"));
    log = new SqliteAuditLog(db);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    rules =
        new AnomalyRules(
            log,
            new SqliteOutbox(db),
            new SqliteOutbox(db),
            new JdbcSignInBlocks(db),
            new AnomalyRecorder(log, registry, clock, () -> {}),
            settings,
            ua -> ua.contains("Chrome") ? "Chrome" : ua.contains("Firefox") ? "Firefox" : "other",
            clock,
            registry);
    rules.prime();
    return rules;
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  private static AnomalySettings settings(RuleMode mode) {
    return new AnomalySettings(
        mode,
        mode,
        mode,
        5,
        4,
        Duration.ofMinutes(10),
        Duration.ofMinutes(15),
        mode,
        5,
        20,
        Duration.ofMinutes(10),
        mode);
  }

  @Test
  void caughtUp_onlyOnceTheEventsThereAtStartAreRead_andALongReplayIsCut() {
    rules(settings(RuleMode.ENFORCE));
    assertThat(rules.caughtUp()).as("an empty log").isTrue();
    for (int i = 0; i < 700; i++) {
      refused("TAMPERED", null, "198.51.100.7");
    }
    AnomalyRules restarted = again(settings(RuleMode.ENFORCE));
    restarted.prime();
    assertThat(restarted.caughtUp()).isFalse();
    restarted.step();
    assertThat(restarted.caughtUp()).as("500 of 700 read").isFalse();
    restarted.step();
    assertThat(restarted.caughtUp()).isTrue();

    for (int i = 0; i < 700; i++) {
      refused("TAMPERED", null, "198.51.100.8");
    }
    AnomalyRules cut = again(settings(RuleMode.ENFORCE));
    cut.prime(100);
    assertThat(cut.caughtUp()).isFalse();
    cut.step();
    assertThat(cut.caughtUp()).as("only the last 100 are read").isTrue();
  }

  /** Rules over the same log and cursor, as after a restart. */
  private AnomalyRules again(AnomalySettings settings) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    return new AnomalyRules(
        log,
        new SqliteOutbox(db),
        new SqliteOutbox(db),
        new JdbcSignInBlocks(db),
        new AnomalyRecorder(log, registry, clock, () -> {}),
        settings,
        ua -> "other",
        clock,
        registry);
  }

  @Test
  void theft_firesOnEveryTokenReuse_andOnNothingElse() {
    rules(settings(RuleMode.ENFORCE));
    refused("EXPIRED_IDLE", "alice", "198.51.100.1");
    refused("TAMPERED", null, "198.51.100.1");
    rules.step();
    assertThat(anomalies()).isEmpty();
    refused("TOKEN_REUSED", "alice", "203.0.113.9");
    rules.step();
    List<Event> found = anomalies();
    assertThat(found).hasSize(1);
    assertThat(found.getFirst().reason()).hasValue("token_theft");
    assertThat(found.getFirst().subject()).hasValue(new Subject("alice"));
    assertThat(found.getFirst().detail()).containsEntry("mode", "enforce");
    assertThat(found.getFirst().detail().get("summary")).contains("203.0.113.9");
  }

  @Test
  void stuffing_manyAccountsFromOneAddress_refusesThatAddress_quietBelowTheThreshold() {
    rules(settings(RuleMode.ENFORCE));
    ClientContext attacker = client("198.51.100.66", "curl/8");
    ClientContext person = client("198.51.100.1", "Firefox/128");
    for (int i = 0; i < 4; i++) {
      loginFailed("user" + i, attacker);
      loginFailed("alice", person); // one person mistyping: one account, one address
    }
    rules.step();
    assertThat(anomalies()).isEmpty();
    assertThat(rules.signInRefusal(attacker)).isEmpty();

    loginFailed("user4", attacker);
    rules.step();
    assertThat(anomalies()).hasSize(1);
    assertThat(anomalies().getFirst().detail())
        .containsEntry("pattern", "many_accounts_one_address")
        .containsEntry("accounts", "5");
    assertThat(rules.signInRefusal(attacker)).hasValueSatisfying(d -> assertThat(d).isPositive());
    assertThat(rules.signInRefusal(person)).isEmpty();

    loginFailed("user5", attacker);
    rules.step();
    assertThat(anomalies()).as("one finding per window").hasSize(1);
    clock.advance(Duration.ofMinutes(16));
    assertThat(rules.signInRefusal(attacker)).isEmpty();
  }

  @Test
  void stuffing_theRefusalDecidedOnTheLeadingNode_holdsOnEveryNodeOfTheStore() {
    AnomalyRules leading = rules(settings(RuleMode.ENFORCE));
    AnomalyRules other = again(settings(RuleMode.ENFORCE)); // never reads the log itself
    ClientContext attacker = client("198.51.100.66", "curl/8");
    for (int i = 0; i < 5; i++) {
      loginFailed("user" + i, attacker);
    }
    leading.step();
    assertThat(other.signInRefusal(attacker))
        .hasValueSatisfying(d -> assertThat(d).isEqualTo(Duration.ofMinutes(15)));
    assertThat(other.signInRefusal(client("198.51.100.1", "Firefox/128"))).isEmpty();
  }

  @Test
  void stuffing_oneAccountFromManyAddresses_alerts() {
    rules(settings(RuleMode.ENFORCE));
    for (int i = 0; i < 4; i++) {
      loginFailed("carol", client("203.0.113." + (10 + i), "curl/8"));
    }
    rules.step();
    assertThat(anomalies()).hasSize(1);
    assertThat(anomalies().getFirst().detail())
        .containsEntry("pattern", "one_account_many_addresses")
        .containsEntry("addresses", "4");
  }

  @Test
  void stuffing_reportOnly_recordsWhatItWouldDo_withoutRefusing() {
    rules(settings(RuleMode.REPORT_ONLY));
    ClientContext attacker = client("198.51.100.66", "curl/8");
    for (int i = 0; i < 5; i++) {
      loginFailed("user" + i, attacker);
    }
    rules.step();
    assertThat(anomalies()).hasSize(1);
    assertThat(anomalies().getFirst().detail())
        .containsEntry("mode", "report_only")
        .containsKey("would")
        .doesNotContainKey("action");
    assertThat(rules.signInRefusal(attacker)).isEmpty();
  }

  @Test
  void spike_firesWhenAReasonRunsFarAboveItsBaseline_quietAtItsUsualRate() {
    // a day of history first: two idle expiries an hour
    Instant start = clock.instant();
    db = SqliteDatabase.open(dir.resolve("vigil.db"));
    log = new SqliteAuditLog(db);
    for (int h = 0; h < 24; h++) {
      for (int k = 0; k < 2; k++) {
        append(
            start.plus(Duration.ofHours(h)).plus(Duration.ofMinutes(20L * k)),
            EventType.VERIFY_FAILED,
            "EXPIRED_IDLE",
            "u" + h,
            ClientContext.UNKNOWN);
      }
    }
    db.close();
    clock.advance(Duration.ofHours(24));
    rules(settings(RuleMode.ENFORCE));

    for (int i = 0; i < 3; i++) { // the usual rate: quiet
      clock.advance(Duration.ofMinutes(20));
      refused("EXPIRED_IDLE", "v" + i, "198.51.100.1");
    }
    rules.step();
    assertThat(anomalies()).isEmpty();

    for (int i = 0; i < 25; i++) { // a mass logout after a configuration change
      clock.advance(Duration.ofSeconds(10));
      refused("EXPIRED_IDLE", "w" + i, "198.51.100." + (i % 200));
    }
    rules.step();
    List<Event> found = anomalies();
    assertThat(found).hasSize(1);
    assertThat(found.getFirst().reason()).hasValue("reason_spike");
    assertThat(found.getFirst().detail()).containsEntry("reason_spiking", "EXPIRED_IDLE");
    assertThat(Integer.parseInt(found.getFirst().detail().get("count"))).isGreaterThanOrEqualTo(20);
  }

  @Test
  void newDevice_quietForTheFirstAndKnownDevices_firesForANewNetworkOrBrowser() {
    rules(settings(RuleMode.ENFORCE));
    created("dora", client("198.51.100.7", "Firefox/128"));
    created("dora", client("198.51.100.99", "Firefox/129")); // same /24, same family
    rules.step();
    assertThat(anomalies()).isEmpty();

    created("dora", client("203.0.113.5", "Chrome/131"));
    created("erin", client("203.0.113.5", "Chrome/131")); // erin's first device
    rules.step();
    List<Event> found = anomalies();
    assertThat(found).hasSize(1);
    assertThat(found.getFirst().reason()).hasValue("new_device");
    assertThat(found.getFirst().subject()).hasValue(new Subject("dora"));
    assertThat(found.getFirst().detail())
        .containsEntry("network", "203.0.113.0/24")
        .containsEntry("device_name", "Chrome");
  }

  @Test
  void forcedReauthentications_areOneSamplePerSubjectAndHour() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    db = SqliteDatabase.open(dir.resolve("vigil.db"));
    log = new SqliteAuditLog(db);
    rules =
        new AnomalyRules(
            log,
            new SqliteOutbox(db),
            new SqliteOutbox(db),
            new JdbcSignInBlocks(db),
            new AnomalyRecorder(log, registry, clock, () -> {}),
            settings(RuleMode.OFF),
            ua -> ua,
            clock,
            registry);
    rules.prime();
    refused("EXPIRED_IDLE", "alice", "198.51.100.1");
    refused("REVOKED", "alice", "198.51.100.1");
    refused("EXPIRED_IDLE", "bob", "198.51.100.2");
    refused("TAMPERED", null, "198.51.100.3"); // not a forced re-authentication of anyone
    rules.step();
    var summary = registry.get("vigil.forced.reauth.per.subject").summary();
    assertThat(summary.count()).isZero();
    clock.advance(Duration.ofHours(1));
    rules.closeHour(clock.instant());
    assertThat(summary.count()).isEqualTo(2);
    assertThat(summary.totalAmount()).isEqualTo(3);
    assertThat(summary.max()).isEqualTo(2);
  }

  @Test
  void off_recordsNothing() {
    rules(settings(RuleMode.OFF));
    refused("TOKEN_REUSED", "alice", "203.0.113.9");
    for (int i = 0; i < 10; i++) {
      loginFailed("user" + i, client("198.51.100.66", "curl/8"));
    }
    created("dora", client("198.51.100.7", "Firefox/128"));
    created("dora", client("203.0.113.5", "Chrome/131"));
    rules.step();
    assertThat(new SqliteOutbox(db).cursor(AnomalyRules.CURSOR))
        .as("the rules read every event (and were quiet)")
        .isEqualTo(log.lastSeq());
    assertThat(anomalies()).isEmpty();
  }

  private List<Event> anomalies() {
    return log.query(
            new EventQuery(
                Optional.empty(),
                Optional.empty(),
                Optional.of(EventType.ANOMALY),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                100,
                Optional.empty()))
        .events();
  }

  private static ClientContext client(String ip, String ua) {
    return new ClientContext(IpAddress.parse(ip), Optional.of(ua));
  }

  private void refused(String reason, String subject, String ip) {
    append(
        clock.instant(),
        EventType.VERIFY_FAILED,
        reason,
        subject,
        client(ip, "Firefox/128"),
        Optional.of(SessionId.random(RANDOM)));
  }

  private void loginFailed(String username, ClientContext client) {
    log.append(
        new Event(
            EventId.random(RANDOM),
            clock.instant(),
            EventType.LOGIN_FAILED,
            Optional.empty(),
            Optional.empty(),
            Optional.of("INVALID_CREDENTIALS"),
            Optional.empty(),
            client,
            Map.of("username", username)));
  }

  private void created(String subject, ClientContext client) {
    log.append(
        new Event(
            EventId.random(RANDOM),
            clock.instant(),
            EventType.SESSION_CREATED,
            Optional.of(new Subject(subject)),
            Optional.of(SessionId.random(RANDOM)),
            Optional.empty(),
            Optional.empty(),
            client,
            Map.of()));
  }

  private void append(
      Instant at, EventType type, String reason, String subject, ClientContext client) {
    append(at, type, reason, subject, client, Optional.empty());
  }

  private void append(
      Instant at,
      EventType type,
      String reason,
      String subject,
      ClientContext client,
      Optional<SessionId> session) {
    log.append(
        new Event(
            EventId.random(RANDOM),
            at,
            type,
            Optional.ofNullable(subject).map(Subject::new),
            session,
            Optional.of(reason),
            type == EventType.VERIFY_FAILED
                ? Optional.of(IncidentId.random(RANDOM))
                : Optional.empty(),
            client,
            Map.of()));
  }
}
