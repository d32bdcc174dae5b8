package dev.vigil.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.client.ClientContext;
import dev.vigil.client.ClientFamily;
import dev.vigil.client.IpAddress;
import dev.vigil.client.UserAgents;
import dev.vigil.id.IncidentId;
import dev.vigil.id.Subject;
import dev.vigil.incident.Incident;
import dev.vigil.incident.IncidentExplainer;
import dev.vigil.session.NewSession;
import dev.vigil.session.Reason;
import dev.vigil.session.Requirements;
import dev.vigil.session.SessionPolicy;
import dev.vigil.session.SessionService;
import dev.vigil.session.Verdict;
import dev.vigil.testkit.InMemoryAuditLog;
import dev.vigil.testkit.InMemorySessionStore;
import dev.vigil.testkit.MutableClock;
import dev.vigil.token.Keyring;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The root causes the explainer writes, from events a real {@link SessionService} recorded. */
class IncidentExplainerTest {
  private static final String FIREFOX_UA = "test-agent/firefox-on-linux";
  private static final String CHROME_UA = "test-agent/chrome-on-windows";
  private static final ClientContext LAPTOP =
      new ClientContext(IpAddress.parse("198.51.100.7"), Optional.of(FIREFOX_UA));
  private static final ClientContext ELSEWHERE =
      new ClientContext(IpAddress.parse("203.0.113.9"), Optional.of(CHROME_UA));

  private final MutableClock clock = MutableClock.standard();
  private final SecureRandom random = new SecureRandom();
  private final InMemoryAuditLog log = new InMemoryAuditLog();
  private final Keyring keyring = Keyring.generate(random, clock.instant());
  private final SessionPolicy policy =
      new SessionPolicy(
          Duration.ofMinutes(30),
          Duration.ofHours(12),
          Duration.ofDays(1),
          Duration.ofDays(30),
          Duration.ofMinutes(15),
          Duration.ofSeconds(30),
          Duration.ofHours(1),
          3,
          Duration.ofDays(7));
  private final SessionService sessions =
      new SessionService(new InMemorySessionStore(), log, () -> keyring, policy, clock);

  /** The fake: two known user agents, everything else unknown; remembers what it was asked. */
  private final List<String> asked = new ArrayList<>();

  private final UserAgents agents =
      ua -> {
        asked.add(ua);
        return switch (ua) {
          case FIREFOX_UA ->
              new ClientFamily(Optional.of("Firefox"), Optional.of("128"), Optional.of("Linux"));
          case CHROME_UA ->
              new ClientFamily(Optional.of("Chrome"), Optional.of("131"), Optional.of("Windows"));
          default -> ClientFamily.UNKNOWN;
        };
      };

  private final IncidentExplainer explainer = new IncidentExplainer(log, agents);

  @Test
  void tokenReused_namesBothClientsTheirFamiliesAndTheGenerations() {
    String gen0 = create(LAPTOP);
    clock.advance(Duration.ofMinutes(16));
    String gen1 = renewed(gen0, LAPTOP);
    valid(gen1, LAPTOP);
    clock.advance(Duration.ofMinutes(16));
    Instant exchanged = clock.instant();
    String gen2 = renewed(gen1, LAPTOP);
    valid(gen2, LAPTOP);
    clock.advance(Duration.ofMinutes(1));
    Instant reusedAt = clock.instant();
    Verdict.Invalid reuse = invalid(gen1, ELSEWHERE);
    assertThat(reuse.reason()).isEqualTo(Reason.TOKEN_REUSED);

    Incident i = explainer.explain(reuse.incident()).orElseThrow();

    assertThat(i.findings())
        .containsEntry("successor_generation", "2")
        .containsEntry("exchanged_at", exchanged.toString())
        .containsEntry("exchanged_ip", "198.51.100.7")
        .containsEntry("exchanged_user_agent", FIREFOX_UA);
    assertThat(i.cause())
        .contains(
            "At "
                + exchanged
                + " generation 1 of its token was presented from 198.51.100.7 (Firefox 128 on"
                + " Linux), which received generation 2 in exchange.")
        .contains(
            "At "
                + reusedAt
                + " generation 1 was presented again from 203.0.113.9 (Chrome 131 on Windows),"
                + " after generation 2 had been used and outside the 30 seconds grace window")
        .contains("opened from 198.51.100.7 (Firefox 128 on Linux)")
        .contains("Vigil ended the whole session (THEFT_SUSPECTED) to protect the account.");
    assertThat(i.family(i.event().client()).describe()).isEqualTo("Chrome 131 on Windows");
    assertThat(i.withFamilies(i.event().detail()))
        .containsEntry("session_family", "Firefox 128 on Linux");
    assertThat(i.withFamilies(i.findings()))
        .containsEntry("exchanged_family", "Firefox 128 on Linux");
    assertThat(i.timeline())
        .extracting(Event::type)
        .contains(EventType.SESSION_CREATED, EventType.SESSION_ROTATED, EventType.VERIFY_FAILED);
    assertThat(asked)
        .as("each user agent analysed once")
        .containsExactlyInAnyOrder(FIREFOX_UA, CHROME_UA);
  }

  @Test
  void tokenReused_twoGenerationsBehind_saysWhichGenerationWasCurrent() {
    String gen0 = create(LAPTOP);
    clock.advance(Duration.ofMinutes(16));
    Instant exchanged = clock.instant();
    String gen1 = renewed(gen0, LAPTOP);
    valid(gen1, LAPTOP);
    clock.advance(Duration.ofMinutes(16));
    Instant current = clock.instant();
    valid(renewed(gen1, LAPTOP), LAPTOP);
    Verdict.Invalid reuse = invalid(gen0, ELSEWHERE);

    Incident i = explainer.explain(reuse.incident()).orElseThrow();

    assertThat(i.cause())
        .contains(
            "At "
                + exchanged
                + " generation 0 of its token was presented from 198.51.100.7 (Firefox 128 on"
                + " Linux), which received generation 1 in exchange.")
        .contains(
            "generation 0 was presented again from 203.0.113.9 (Chrome 131 on Windows), when the"
                + " session was already at generation 2 (issued at "
                + current
                + ")");
  }

  @Test
  void tampered_countsOtherTamperedTokensFromTheSameAddressInTheHourBefore() {
    String token = create(LAPTOP);
    ClientContext guesser =
        new ClientContext(IpAddress.parse("192.0.2.44"), Optional.of(CHROME_UA));
    ClientContext neighbour = new ClientContext(IpAddress.parse("192.0.2.45"), Optional.empty());
    invalid(altered(token, 1), guesser); // 61 minutes before: outside the hour
    clock.advance(Duration.ofMinutes(2));
    invalid(altered(token, 2), guesser);
    invalid(altered(token, 3), neighbour);
    clock.advance(Duration.ofMinutes(30));
    invalid(altered(token, 4), guesser);
    clock.advance(Duration.ofMinutes(29));
    invalid(altered(token, 5), guesser);
    Verdict.Invalid last = invalid(altered(token, 6), guesser);
    assertThat(last.reason()).isEqualTo(Reason.TAMPERED);

    Incident i = explainer.explain(last.incident()).orElseThrow();

    assertThat(i.findings()).containsEntry("tampered_from_ip_last_hour", "3");
    assertThat(i.cause())
        .contains("from 192.0.2.44 (Chrome 131 on Windows) failed the integrity check")
        .contains("In the 1 hour before, 3 other tampered tokens came from 192.0.2.44");
  }

  @Test
  void tampered_alone_saysSo_andWithoutAnAddressCountsNothing() {
    String token = create(LAPTOP);
    Verdict.Invalid alone = invalid(altered(token, 1), ELSEWHERE);
    Verdict.Invalid anonymous = invalid(altered(token, 2), ClientContext.UNKNOWN);

    assertThat(explainer.explain(alone.incident()).orElseThrow().cause())
        .contains("It was the only tampered token from 203.0.113.9 in the 1 hour before.");
    Incident i = explainer.explain(anonymous.incident()).orElseThrow();
    assertThat(i.findings()).isEmpty();
    assertThat(i.cause()).doesNotContain("tampered token from").doesNotContain(" from ");
  }

  @Test
  void expiredIdle_saysWhenItWasLastUsedAndTheTimeoutInForce() {
    String token = create(LAPTOP);
    Instant lastUsed = clock.instant();
    clock.advance(Duration.ofMinutes(45));
    Verdict.Invalid idle = invalid(token, LAPTOP);
    assertThat(idle.reason()).isEqualTo(Reason.EXPIRED_IDLE);

    Incident i = explainer.explain(idle.incident()).orElseThrow();

    assertThat(i.cause())
        .contains("was last used at " + lastUsed)
        .contains("the idle timeout in force was 30 minutes")
        .contains("(45 minutes later) from 198.51.100.7 (Firefox 128 on Linux)");
    assertThat(i.message()).contains("30 minutes");
  }

  @Test
  void explain_unknownIncident_isEmpty() {
    assertThat(explainer.explain(IncidentId.random(random))).isEmpty();
  }

  private String create(ClientContext client) {
    return sessions
        .create(
            new NewSession(
                new Subject("alice"),
                Set.of(),
                Optional.empty(),
                client,
                Optional.empty(),
                Optional.empty(),
                false),
            "test")
        .token();
  }

  private String renewed(String token, ClientContext client) {
    Verdict v = sessions.verify(token, client, Requirements.NONE);
    assertThat(v).isInstanceOf(Verdict.Valid.class);
    return ((Verdict.Valid) v).renewedToken().orElseThrow();
  }

  private void valid(String token, ClientContext client) {
    assertThat(sessions.verify(token, client, Requirements.NONE)).isInstanceOf(Verdict.Valid.class);
  }

  private Verdict.Invalid invalid(String token, ClientContext client) {
    Verdict v = sessions.verify(token, client, Requirements.NONE);
    assertThat(v).isInstanceOf(Verdict.Invalid.class);
    return (Verdict.Invalid) v;
  }

  /** {@code token} with the character {@code 10 + n} from its end changed: still well-formed. */
  private static String altered(String token, int n) {
    int i = token.length() - 10 - n;
    return token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);
  }
}
