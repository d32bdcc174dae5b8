package dev.vigil.server.anomaly;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
import dev.vigil.server.limits.RateBuckets;
import dev.vigil.session.Reason;
import dev.vigil.session.SessionService;
import dev.vigil.session.Verdict;
import dev.vigil.session.VerdictMessages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The token-guessing rule: a client address that presents more than {@code limit} unauthentic
 * tokens ({@code MALFORMED}, {@code TAMPERED}, {@code UNKNOWN_SESSION}) within a minute (a token
 * bucket in {@link RateBuckets}: shared by every node on PostgreSQL, so the limit holds for the
 * cluster) is refused for {@code coolDown}: its verifications answer {@code THROTTLED} with action
 * {@code retry}, which signs nobody out. The cool-down is one incident, recorded once; refused
 * requests write nothing. Memory is bounded: at most 100,000 addresses are in a cool-down at once,
 * each forgotten when its cool-down ends by the service's clock (the cache's ticker, so that time
 * passing on a loaded machine between two requests cannot end a cool-down early). Thread-safe.
 */
public final class GuessingThrottle {
  private static final int MAX_ADDRESSES = 100_000;

  private final int limit;
  private final dev.vigil.server.anomaly.RuleMode mode;
  private final dev.vigil.server.anomaly.AnomalyRecorder recorder;
  private final Duration coolDown;
  private final SessionService sessions;
  private final Clock clock;
  private final RateBuckets buckets;
  private final Cache<IpAddress, CoolDown> coolDowns;

  private record CoolDown(Verdict.Invalid verdict, Instant until) {}

  /**
   * A throttle; {@code limit} 0 or mode off turns it off, mode report_only records what it would
   * have refused without refusing anything.
   */
  public GuessingThrottle(
      int limit,
      Duration coolDown,
      dev.vigil.server.anomaly.RuleMode mode,
      dev.vigil.server.anomaly.AnomalyRecorder recorder,
      SessionService sessions,
      RateBuckets buckets,
      Clock clock) {
    this.limit = mode == dev.vigil.server.anomaly.RuleMode.OFF ? 0 : limit;
    this.buckets = buckets;
    this.mode = mode;
    this.recorder = recorder;
    this.coolDown = coolDown;
    this.sessions = sessions;
    this.clock = clock;
    this.coolDowns =
        Caffeine.newBuilder()
            .maximumSize(MAX_ADDRESSES)
            .expireAfterWrite(coolDown)
            .ticker(() -> Math.multiplyExact(clock.millis(), 1_000_000L))
            .build();
  }

  /** The THROTTLED verdict for {@code client} if its address is in a cool-down. */
  public Optional<Verdict.Invalid> refusal(ClientContext client) {
    if (limit == 0 || mode != dev.vigil.server.anomaly.RuleMode.ENFORCE || client.ip().isEmpty()) {
      return Optional.empty();
    }
    CoolDown c = coolDowns.getIfPresent(client.ip().get());
    if (c == null) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), c.until());
    if (left.isNegative() || left.isZero()) {
      return Optional.empty();
    }
    Duration wait = Duration.ofSeconds(Math.max(1, (left.toMillis() + 999) / 1000));
    Verdict.Invalid v = c.verdict();
    return Optional.of(
        new Verdict.Invalid(
            v.reason(),
            v.incident(),
            v.sessionId(),
            v.revocation(),
            v.missing(),
            Optional.empty(),
            Optional.of(wait),
            VerdictMessages.of(
                Reason.THROTTLED,
                new VerdictMessages.Facts(
                    wait, dev.vigil.session.RevocationCause.ADMIN, java.util.List.of())),
            v.evidence()));
  }

  /** Counts {@code verdict} against the client's address when it is an unauthentic token. */
  public void record(ClientContext client, Verdict verdict) {
    if (limit == 0
        || client.ip().isEmpty()
        || !(verdict instanceof Verdict.Invalid bad)
        || !counts(bad.reason())) {
      return;
    }
    IpAddress ip = client.ip().get();
    if (coolDowns.getIfPresent(ip) != null
        || buckets.take("guessing:" + ip.text(), limit).isEmpty()) {
      return;
    }
    Instant until = clock.instant().plus(coolDown);
    Map<String, String> facts =
        Map.of(
            "address",
            ip.text(),
            "limit_per_minute",
            Integer.toString(limit),
            "cool_down",
            coolDown.toString(),
            "until",
            until.toString(),
            "last_reason",
            bad.reason().name());
    // one cool-down, one incident, one finding: of several refusals that empty the bucket at
    // once, only the one whose cool-down is stored goes on
    boolean[] first = {false};
    CoolDown started =
        coolDowns
            .asMap()
            .computeIfAbsent(
                ip,
                k -> {
                  first[0] = true;
                  return mode == dev.vigil.server.anomaly.RuleMode.ENFORCE
                      ? new CoolDown(sessions.throttled(client, coolDown, facts), until)
                      : new CoolDown(bad, until);
                });
    if (!first[0]) {
      return;
    }
    Optional<dev.vigil.id.IncidentId> incident =
        mode == dev.vigil.server.anomaly.RuleMode.ENFORCE
            ? Optional.of(started.verdict().incident())
            : Optional.empty();
    Map<String, String> recorded = new java.util.HashMap<>(facts);
    incident.ifPresent(i -> recorded.put("incident", i.value()));
    recorder.record(
        new dev.vigil.server.anomaly.AnomalyRecorder.Finding(
            "token_guessing",
            mode,
            Optional.empty(),
            Optional.empty(),
            client,
            "Token guessing or forgery suspected: "
                + ip.text()
                + " presented more than "
                + limit
                + " unauthentic tokens within a minute (last: "
                + bad.reason()
                + ").",
            "answer THROTTLED to every verification from " + ip.text() + " until " + until,
            recorded));
  }

  private static boolean counts(Reason r) {
    return switch (r) {
      case MALFORMED, TAMPERED, UNKNOWN_SESSION -> true;
      case KEY_RETIRED,
          REVOKED,
          EXPIRED_ABSOLUTE,
          EXPIRED_IDLE,
          SUPERSEDED,
          TOKEN_REUSED,
          CONTEXT_MISMATCH,
          FORBIDDEN,
          STEP_UP_REQUIRED,
          THROTTLED ->
          false;
    };
  }
}
