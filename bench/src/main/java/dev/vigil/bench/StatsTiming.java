package dev.vigil.bench;

import dev.vigil.audit.AuditRetention;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventChain;
import dev.vigil.audit.EventType;
import dev.vigil.audit.InvalidStats;
import dev.vigil.audit.StatsDimension;
import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
import dev.vigil.id.EventId;
import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.store.sqlite.SqliteAuditLog;
import dev.vigil.store.sqlite.SqliteDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Times {@code GET /v1/stats/invalid}'s query on a large event log: fills a new SQLite file with N
 * events (default 1,000,000) spread evenly over the 24 hours before a fixed "now", 30% of them
 * refused verifications (12 reasons, 50,000 subjects, 20,000 addresses, about 400 user agents, no
 * subject for unauthentic tokens), then runs the query for windows PT1H and P1D in 60 buckets for
 * each grouping, 7 times each, and prints the median and slowest of the last 5 in milliseconds.
 * Optionally then prunes the oldest half (the audit retention task, batches of 10,000) and times a
 * full chain check.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.vigil.bench.StatsTiming FILE [N]
 * [--prune]}; FILE must not exist yet.
 */
public final class StatsTiming {
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final String[] REASONS = {
    "EXPIRED_IDLE",
    "EXPIRED_IDLE",
    "EXPIRED_IDLE",
    "EXPIRED_IDLE",
    "EXPIRED_ABSOLUTE",
    "EXPIRED_ABSOLUTE",
    "REVOKED",
    "REVOKED",
    "UNKNOWN_SESSION",
    "MALFORMED",
    "TAMPERED",
    "STEP_UP_REQUIRED",
    "FORBIDDEN",
    "SUPERSEDED",
    "TOKEN_REUSED",
    "CONTEXT_MISMATCH",
    "KEY_RETIRED"
  };
  private static final EventType[] OTHERS = {
    EventType.SESSION_CREATED,
    EventType.SESSION_CREATED,
    EventType.SESSION_ROTATED,
    EventType.SESSION_ROTATED,
    EventType.SESSION_REVOKED,
    EventType.LOGIN_SUCCEEDED,
    EventType.LOGIN_FAILED
  };
  private static final String[] BROWSERS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/%d.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
        + " Version/%d.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:%d.0) Gecko/20100101 Firefox/%d.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_%d like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
        + " Gecko) Mobile/15E148",
    "okhttp/4.%d.0"
  };

  private StatsTiming() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int count =
        args.length > 1 && !args[1].startsWith("--") ? Integer.parseInt(args[1]) : 1_000_000;
    boolean prune = Arrays.asList(args).contains("--prune");
    if (Files.exists(file)) {
      throw new IllegalArgumentException(file + " exists; give a new file");
    }
    try (SqliteDatabase db = SqliteDatabase.open(file)) {
      SqliteAuditLog log = new SqliteAuditLog(db);
      long start = System.nanoTime();
      fill(log, count);
      System.out.printf(
          "filled %,d events in %,d ms; file %,d MB%n",
          count, ms(System.nanoTime() - start), Files.size(file) / 1_000_000);
      for (Duration window : List.of(Duration.ofHours(1), Duration.ofDays(1))) {
        for (StatsDimension by : StatsDimension.values()) {
          time(log, window, by);
        }
      }
      if (prune) {
        prune(log, count);
      }
    }
  }

  private static void fill(SqliteAuditLog log, int count) {
    Random r = new Random(42);
    SecureRandom ids = new SecureRandom();
    long span = Duration.ofDays(1).toNanos();
    Instant first = NOW.minus(Duration.ofDays(1));
    List<Event> batch = new ArrayList<>(10_000);
    for (int i = 0; i < count; i++) {
      Instant at = first.plusNanos(span / count * i);
      batch.add(r.nextInt(10) < 3 ? refused(r, ids, at) : other(r, ids, at));
      if (batch.size() == 10_000 || i == count - 1) {
        log.appendAll(batch);
        batch.clear();
      }
    }
  }

  private static Event refused(Random r, SecureRandom ids, Instant at) {
    String reason = REASONS[r.nextInt(REASONS.length)];
    boolean authentic = !reason.equals("MALFORMED") && !reason.equals("TAMPERED");
    return new Event(
        EventId.random(ids),
        at,
        EventType.VERIFY_FAILED,
        authentic ? Optional.of(new Subject("user-" + r.nextInt(50_000))) : Optional.empty(),
        authentic ? Optional.of(SessionId.random(ids)) : Optional.empty(),
        Optional.of(reason),
        Optional.of(IncidentId.random(ids)),
        client(r),
        Map.of("idle_timeout", "PT30M"));
  }

  private static Event other(Random r, SecureRandom ids, Instant at) {
    return new Event(
        EventId.random(ids),
        at,
        OTHERS[r.nextInt(OTHERS.length)],
        Optional.of(new Subject("user-" + r.nextInt(50_000))),
        Optional.of(SessionId.random(ids)),
        Optional.empty(),
        Optional.empty(),
        client(r),
        Map.of());
  }

  private static ClientContext client(Random r) {
    if (r.nextInt(20) == 0) {
      return ClientContext.UNKNOWN;
    }
    int n = r.nextInt(20_000);
    String ip = "10." + (n >> 16) + "." + ((n >> 8) & 255) + "." + (n & 255);
    int version = 90 + r.nextInt(80);
    String ua = BROWSERS[r.nextInt(BROWSERS.length)].formatted(version, version);
    return new ClientContext(IpAddress.parse(ip), Optional.of(ua));
  }

  private static void time(SqliteAuditLog log, Duration window, StatsDimension by) {
    long[] runs = new long[7];
    InvalidStats stats = null;
    for (int i = 0; i < runs.length; i++) {
      long start = System.nanoTime();
      stats = log.invalidStats(NOW.minus(window), NOW, 60, by);
      runs[i] = System.nanoTime() - start;
    }
    long[] timed = Arrays.copyOfRange(runs, 2, runs.length);
    Arrays.sort(timed);
    System.out.printf(
        "window %-5s by %-7s median %7.1f ms  max %7.1f ms  (%,d refusals, %d series)%n",
        window,
        by.wire(),
        timed[timed.length / 2] / 1e6,
        timed[timed.length - 1] / 1e6,
        stats.total(),
        stats.series().size());
  }

  private static void prune(SqliteAuditLog log, int count) {
    long start = System.nanoTime();
    EventChain.Check before = log.verifyChain();
    System.out.printf(
        "verifyChain over %,d events: %,d ms (intact %s)%n",
        before.events(), ms(System.nanoTime() - start), before.intact());
    // now is 36 h after the first event: a retention of P1D with this clock cuts at 12 h
    Clock clock = Clock.fixed(NOW.plus(Duration.ofHours(12)), ZoneOffset.UTC);
    start = System.nanoTime();
    long removed = new AuditRetention(log, Duration.ofDays(1), AuditRetention.BATCH, clock).prune();
    long took = System.nanoTime() - start;
    long batches = (removed + AuditRetention.BATCH - 1) / AuditRetention.BATCH;
    System.out.printf(
        "pruned %,d of %,d events in %,d batches of %,d: %,d ms (%.1f ms a batch)%n",
        removed, count, batches, AuditRetention.BATCH, ms(took), took / 1e6 / batches);
    start = System.nanoTime();
    EventChain.Check after = log.verifyChain();
    System.out.printf(
        "verifyChain after pruning: %,d events, %,d pruned, intact %s: %,d ms%n",
        after.events(), after.pruned(), after.intact(), ms(System.nanoTime() - start));
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
