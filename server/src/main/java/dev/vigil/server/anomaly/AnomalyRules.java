package dev.vigil.server.anomaly;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vigil.account.SignInBlocks;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventFeed;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
import dev.vigil.id.Subject;
import dev.vigil.notice.Cursors;
import dev.vigil.notice.KnownDevices;
import dev.vigil.session.Action;
import dev.vigil.session.Reason;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules that watch the event log: token theft, credential stuffing, reason spikes and new
 * devices (token guessing is decided on the request path, by {@code GuessingThrottle}). One thread
 * follows the log from a stored cursor, so no request waits for a rule and a restart resumes where
 * it stopped; a finding is recorded through {@link AnomalyRecorder}. It also feeds the histogram of
 * forced re-authentications per subject.
 */
public final class AnomalyRules implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AnomalyRules.class);
  static final String CURSOR = "anomalies";
  private static final int BATCH = 500;
  private static final Duration DAY = Duration.ofHours(24);
  private static final Duration MIN_HISTORY = Duration.ofHours(1);
  private static final int MAX_TRACKED = 100_000;
  private static final java.util.Set<EventType> WATCHED =
      java.util.EnumSet.of(
          EventType.VERIFY_FAILED,
          EventType.LOGIN_FAILED,
          EventType.SESSION_CREATED,
          EventType.SESSION_CLIENT_CHANGED);

  private final EventFeed log;
  private final Cursors cursors;
  private final KnownDevices devices;
  private final SignInBlocks blocks;
  private final AnomalyRecorder recorder;
  private final AnomalySettings settings;
  private final Function<String, String> family;
  private final Clock clock;
  private final DistributionSummary reauthPerSubject;

  /** Failed sign-ins per address: when, and which account. */
  private final Cache<IpAddress, ArrayDeque<Attempt>> byAddress =
      Caffeine.newBuilder().maximumSize(MAX_TRACKED).expireAfterAccess(Duration.ofHours(1)).build();

  /** Failed sign-ins per account: when, and from which address. */
  private final Cache<String, ArrayDeque<Attempt>> byAccount =
      Caffeine.newBuilder().maximumSize(MAX_TRACKED).expireAfterAccess(Duration.ofHours(1)).build();

  /** Addresses and accounts already reported, until a time. */
  private final Cache<String, Instant> quietUntil =
      Caffeine.newBuilder().maximumSize(MAX_TRACKED).expireAfterWrite(Duration.ofDays(1)).build();

  private final Map<String, ArrayDeque<long[]>> perMinute = new HashMap<>();
  private final Map<String, Integer> reauthThisHour = new HashMap<>();
  private long reauthHour = -1;
  private Instant historyStart;
  private volatile dev.vigil.server.beat.Beat beat;

  private record Attempt(Instant at, String other) {}

  public AnomalyRules(
      EventFeed log,
      Cursors cursors,
      KnownDevices devices,
      SignInBlocks blocks,
      AnomalyRecorder recorder,
      AnomalySettings settings,
      Function<String, String> family,
      Clock clock,
      MeterRegistry registry) {
    this.log = log;
    this.cursors = cursors;
    this.devices = devices;
    this.blocks = blocks;
    this.recorder = recorder;
    this.settings = settings;
    this.family = family;
    this.clock = clock;
    this.historyStart = clock.instant();
    this.reauthPerSubject =
        DistributionSummary.builder("vigil.forced.reauth.per.subject")
            .description(
                "Forced re-authentications per subject and hour: one sample per subject that was"
                    + " sent to sign in again at least once in the hour")
            .serviceLevelObjectives(1, 2, 3, 5, 10, 20, 50, 100)
            .register(registry);
  }

  /**
   * Events the rules read at start-up at most: when the cursor is further behind (a data directory
   * filled while the rules were off), they skip to this many before the end and say so in the log,
   * so that start-up never waits minutes on a replay. About half a second of reading.
   */
  static final long MAX_REPLAY = 100_000;

  private volatile long readyAt = Long.MAX_VALUE;
  private volatile boolean closing;

  /**
   * Loads the last day of refusals as the spike rule's baseline, then follows the log from the
   * stored cursor (from its end on the first start ever) on a daemon thread. {@link #caughtUp()}
   * says when the events that were in the log at start have been read.
   */
  public void start() {
    start(() -> true);
  }

  /**
   * As {@link #start()}, following the log only while {@code leading} says so (this node holds the
   * rules' lease): with several nodes on one store, each finding is made once. The stuffing rule's
   * refusals are then decided on the leading node only.
   */
  public void start(java.util.function.BooleanSupplier leading) {
    prime();
    beat =
        new dev.vigil.server.beat.Beat(
            "vigil-anomaly-rules",
            Duration.ofSeconds(1),
            () -> {
              if (!leading.getAsBoolean()) {
                return;
              }
              while (!closing && step() == BATCH) {
                // keep reading while the log is ahead
              }
              closeHour(clock.instant());
            });
  }

  /**
   * Whether the rules have read every event that was in the log when they started: until then the
   * stuffing rule may not yet know an address it must refuse, and the node is not ready.
   */
  public boolean caughtUp() {
    return cursors.cursor(CURSOR) >= readyAt;
  }

  /**
   * Sets the cursor on the first start, skips a replay longer than {@link #MAX_REPLAY}, and loads
   * the spike baseline; {@link #start()} does it.
   */
  void prime() {
    prime(MAX_REPLAY);
  }

  /** As {@link #prime()}, reading at most {@code maxReplay} events that are already there. */
  void prime(long maxReplay) {
    long last = log.lastSeq();
    long cursor = cursors.initCursor(CURSOR, last);
    if (last - cursor > maxReplay) {
      LOG.warn(
          "anomaly rules: {} events arrived while they were not running; they read the last {}"
              + " and skip the {} before",
          last - cursor,
          maxReplay,
          last - cursor - maxReplay);
      cursor = last - maxReplay;
      cursors.moveCursor(CURSOR, cursor, clock.instant());
    }
    readyAt = last;
    seedBaseline(cursor);
  }

  /** Makes the rules read new events now. */
  public void wake() {
    dev.vigil.server.beat.Beat b = beat;
    if (b != null) {
      b.wake();
    }
  }

  /** Reads and judges the events after the cursor; returns how many it read. */
  public int step() {
    long from = cursors.cursor(CURSOR);
    EventFeed.Page page = log.after(from, BATCH, WATCHED);
    for (EventFeed.Sequenced s : page.events()) {
      observe(s.event());
    }
    if (page.upTo() > from) {
      cursors.moveCursor(CURSOR, page.upTo(), clock.instant());
    }
    return page.more() ? BATCH : 0;
  }

  /**
   * The wait before the client's address may try to sign in again, when the stuffing rule (in
   * enforce mode) caught it.
   */
  public Optional<Duration> signInRefusal(ClientContext client) {
    if (settings.stuffing() != RuleMode.ENFORCE || client.ip().isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return blocks
        .blockedUntil(client.ip().get().text(), now)
        .map(until -> Duration.between(now, until));
  }

  void observe(Event e) {
    switch (e.type()) {
      case VERIFY_FAILED -> {
        Optional<Reason> reason = e.reason().flatMap(AnomalyRules::reason);
        if (reason.isEmpty()) {
          return;
        }
        if (reason.get() == Reason.TOKEN_REUSED) {
          theft(e);
        }
        if (reason.get().action() == Action.REAUTHENTICATE && e.subject().isPresent()) {
          countReauth(e.subject().get(), e.time());
        }
        if (reason.get() != Reason.THROTTLED) {
          spike(reason.get().name(), e.time());
        }
      }
      case LOGIN_FAILED -> {
        if (e.reason().equals(Optional.of("INVALID_CREDENTIALS"))) {
          stuffing(e);
        }
      }
      // a session used from another network and browser is a new device as much as a sign-in
      case SESSION_CREATED, SESSION_CLIENT_CHANGED -> newDevice(e);
      default -> {}
    }
  }

  private void theft(Event e) {
    if (settings.theft() == RuleMode.OFF) {
      return;
    }
    String from = e.client().ip().map(IpAddress::text).orElse("an unknown address");
    recorder.record(
        new AnomalyRecorder.Finding(
            "token_theft",
            settings.theft(),
            e.subject(),
            e.sessionId(),
            e.client(),
            "Token theft suspected: a token of "
                + e.sessionId().map(Object::toString).orElse("a session")
                + e.subject().map(s -> " (subject " + s + ")").orElse("")
                + " was presented again from "
                + from
                + " after it had been rotated; the session was ended.",
            "alert the operators and the account holder; the session was ended by the verdict",
            Map.of("incident", e.incident().map(Object::toString).orElse(""))));
  }

  private void stuffing(Event e) {
    if (settings.stuffing() == RuleMode.OFF || e.client().ip().isEmpty()) {
      return;
    }
    IpAddress ip = e.client().ip().get();
    String account =
        e.subject().map(Subject::value).orElse(e.detail().getOrDefault("username", "?"));
    Instant since = e.time().minus(settings.stuffingWindow());
    long accounts = distinct(byAddress.get(ip, k -> new ArrayDeque<>()), e.time(), account, since);
    long addresses =
        distinct(byAccount.get(account, k -> new ArrayDeque<>()), e.time(), ip.text(), since);
    if (accounts >= settings.stuffingAccounts() && quiet("ip:" + ip.text(), e.time())) {
      Instant until = e.time().plus(settings.stuffingCooldown());
      boolean enforce = settings.stuffing() == RuleMode.ENFORCE;
      if (enforce) {
        blocks.block(ip.text(), until);
      }
      recorder.record(
          new AnomalyRecorder.Finding(
              "credential_stuffing",
              settings.stuffing(),
              Optional.empty(),
              Optional.empty(),
              e.client(),
              "Credential stuffing suspected: "
                  + ip.text()
                  + " failed to sign in to "
                  + accounts
                  + " different accounts within "
                  + settings.stuffingWindow()
                  + ".",
              "refuse sign-ins from " + ip.text() + " until " + until + " and alert the operators",
              Map.of(
                  "pattern", "many_accounts_one_address",
                  "accounts", Long.toString(accounts),
                  "window", settings.stuffingWindow().toString(),
                  "until", until.toString())));
    }
    if (addresses >= settings.stuffingAddresses() && quiet("account:" + account, e.time())) {
      recorder.record(
          new AnomalyRecorder.Finding(
              "credential_stuffing",
              settings.stuffing(),
              e.subject(),
              Optional.empty(),
              e.client(),
              "Distributed password guessing suspected: sign-ins to account "
                  + account
                  + " failed from "
                  + addresses
                  + " different addresses within "
                  + settings.stuffingWindow()
                  + ".",
              "alert the operators (the account's own throttle slows each further attempt)",
              Map.of(
                  "pattern",
                  "one_account_many_addresses",
                  "account",
                  account,
                  "addresses",
                  Long.toString(addresses),
                  "window",
                  settings.stuffingWindow().toString())));
    }
  }

  /** Whether {@code key} has not fired within the stuffing window; marks it as fired if so. */
  private boolean quiet(String key, Instant now) {
    Instant until = quietUntil.getIfPresent(key);
    if (until != null && until.isAfter(now)) {
      return false;
    }
    quietUntil.put(key, now.plus(settings.stuffingWindow()));
    return true;
  }

  private static long distinct(ArrayDeque<Attempt> seen, Instant now, String other, Instant since) {
    synchronized (seen) {
      seen.addLast(new Attempt(now, other));
      while (!seen.isEmpty() && seen.peekFirst().at().isBefore(since)) {
        seen.removeFirst();
      }
      while (seen.size() > 10_000) {
        seen.removeFirst();
      }
      return seen.stream().map(Attempt::other).distinct().count();
    }
  }

  private void spike(String reason, Instant at) {
    if (settings.spike() == RuleMode.OFF) {
      return;
    }
    long minute = at.getEpochSecond() / 60;
    ArrayDeque<long[]> minutes = count(reason, at);
    long windowMinutes = Math.max(1, settings.spikeWindow().toMinutes());
    long keepFrom = minute - DAY.toMinutes() - windowMinutes;
    while (!minutes.isEmpty() && minutes.peekFirst()[0] <= keepFrom) {
      minutes.removeFirst();
    }
    if (quietUntil.getIfPresent("spike:" + reason) != null
        && quietUntil.getIfPresent("spike:" + reason).isAfter(at)) {
      return;
    }
    long current = 0;
    long before = 0;
    for (long[] m : minutes) {
      if (m[0] > minute - windowMinutes) {
        current += m[1];
      } else {
        before += m[1];
      }
    }
    Instant windowStart = at.minus(settings.spikeWindow());
    Instant baselineStart = historyStart.isAfter(at.minus(DAY)) ? historyStart : at.minus(DAY);
    Duration span = Duration.between(baselineStart, windowStart);
    if (span.compareTo(MIN_HISTORY) < 0 || current < settings.spikeMinCount()) {
      return;
    }
    double expected = (double) before * settings.spikeWindow().toSeconds() / span.toSeconds();
    if (current < settings.spikeFactor() * Math.max(expected, 1.0)) {
      return;
    }
    quietUntil.put("spike:" + reason, at.plus(settings.spikeWindow()));
    recorder.record(
        new AnomalyRecorder.Finding(
            "reason_spike",
            settings.spike(),
            Optional.empty(),
            Optional.empty(),
            ClientContext.UNKNOWN,
            String.format(
                java.util.Locale.ROOT,
                "%s spiked: %d refusals in the last %s, %.1f times the %.1f expected from the"
                    + " previous %s. A configuration change or an outage may be signing people"
                    + " out.",
                reason,
                current,
                settings.spikeWindow(),
                current / Math.max(expected, 1.0),
                expected,
                span),
            "alert the operators",
            Map.of(
                "reason_spiking", reason,
                "count", Long.toString(current),
                "expected", String.format(java.util.Locale.ROOT, "%.2f", expected),
                "window", settings.spikeWindow().toString(),
                "baseline_span", span.toString())));
  }

  private void newDevice(Event e) {
    if (settings.newDevice() == RuleMode.OFF
        || e.subject().isEmpty()
        || e.client().ip().isEmpty()) {
      return;
    }
    String subject = e.subject().get().value();
    String network = e.client().ip().get().network();
    String browser = family.apply(e.client().userAgent().orElse(""));
    String device = network + " " + browser;
    boolean known = devices.knowsSubject(subject);
    boolean isNew = devices.rememberDevice(subject, device, e.time());
    if (!known || !isNew) {
      return;
    }
    recorder.record(
        new AnomalyRecorder.Finding(
            "new_device",
            settings.newDevice(),
            e.subject(),
            e.sessionId(),
            e.client(),
            "New device for "
                + subject
                + ": "
                + browser
                + " from network "
                + network
                + ", never seen for this subject before.",
            "tell the account holder, with a link that ends the session if it wasn't them",
            Map.of("network", network, "device_name", browser)));
  }

  private void countReauth(Subject subject, Instant at) {
    closeHour(at);
    reauthThisHour.merge(subject.value(), 1, Integer::sum);
  }

  /**
   * Once the hour of {@code now} is past the one being counted, records one sample per subject sent
   * to sign in again during it.
   */
  void closeHour(Instant now) {
    long hour = now.getEpochSecond() / 3600;
    if (hour > reauthHour) {
      reauthThisHour.values().forEach(reauthPerSubject::record);
      reauthThisHour.clear();
      reauthHour = hour;
    }
  }

  /** Loads the refusals of the last day (up to the cursor) into the spike rule's baseline. */
  private void seedBaseline(long cursor) {
    if (settings.spike() == RuleMode.OFF) {
      return;
    }
    Instant now = clock.instant();
    // events after the cursor are judged by the loop; counting them here too would double them
    Instant upTo =
        log.after(Math.max(0, cursor - 1), 1).stream()
            .findFirst()
            .map(s -> s.event().time())
            .orElse(now);
    Instant[] first = {null};
    log.forEachSince(
        now.minus(DAY).minus(settings.spikeWindow()),
        e -> {
          if (first[0] == null) {
            first[0] = e.time();
          }
          if (e.type() == EventType.VERIFY_FAILED && !e.time().isAfter(upTo)) {
            e.reason()
                .flatMap(AnomalyRules::reason)
                .filter(r -> r != Reason.THROTTLED)
                .ifPresent(r -> count(r.name(), e.time()));
          }
        });
    historyStart = first[0] == null ? now : first[0];
  }

  private ArrayDeque<long[]> count(String reason, Instant at) {
    long minute = at.getEpochSecond() / 60;
    ArrayDeque<long[]> minutes = perMinute.computeIfAbsent(reason, r -> new ArrayDeque<>());
    if (!minutes.isEmpty() && minutes.peekLast()[0] >= minute) {
      minutes.peekLast()[1]++;
    } else {
      minutes.addLast(new long[] {minute, 1});
    }
    return minutes;
  }

  private static Optional<Reason> reason(String text) {
    try {
      return Optional.of(Reason.valueOf(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Stops reading: a step under way finishes its batch; no step starts after this returns. */
  @Override
  public void close() {
    closing = true;
    if (beat != null) {
      beat.close();
    }
  }
}
