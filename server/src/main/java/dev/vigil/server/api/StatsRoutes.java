package dev.vigil.server.api;

import dev.vigil.access.Scope;
import dev.vigil.audit.AuditLog;
import dev.vigil.audit.InvalidStats;
import dev.vigil.audit.StatsDimension;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Set;

/**
 * {@code GET /v1/stats/invalid?window=&by=&buckets=}: refused verifications per bucket and per
 * reason, subject, address or client ({@link AuditLog#invalidStats}). The window ends at the end of
 * the current second (exclusive), so an event of this very instant is counted and the times in the
 * answer are whole seconds. Parameters are checked before the store is asked: an unknown or
 * repeated one, a window outside PT1M to P31D, an unknown {@code by} or a bucket count outside 1 to
 * 1440 is a 400 naming the parameter.
 */
public final class StatsRoutes {
  private static final Set<String> PARAMS = Set.of("window", "by", "buckets");
  private static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
  private static final int DEFAULT_BUCKETS = 60;

  private final AuditLog log;
  private final dev.vigil.client.UserAgents userAgents;
  private final Callers callers;
  private final Clock clock;

  /**
   * Routes over {@code log}; {@code by=client} groups user agents by the browser family {@code
   * userAgents} sees in them, without its version ("Chrome on Windows", "Curl"), so a browser
   * update does not split a series.
   */
  public StatsRoutes(
      AuditLog log, dev.vigil.client.UserAgents userAgents, Callers callers, Clock clock) {
    this.log = log;
    this.userAgents = userAgents;
    this.callers = callers;
    this.clock = clock;
  }

  /** Adds the route. */
  public void register(RoutesConfig config) {
    Endpoints routes = new Endpoints(config);
    routes.get("/v1/stats/invalid", this::invalid, PARAMS.toArray(String[]::new));
  }

  private void invalid(Context ctx) {
    callers.require(ctx, Scope.AUDIT);
    Duration window =
        QueryParams.one(ctx, "window").map(StatsRoutes::window).orElse(DEFAULT_WINDOW);
    StatsDimension by =
        QueryParams.one(ctx, "by").map(StatsRoutes::dimension).orElse(StatsDimension.REASON);
    int buckets = QueryParams.one(ctx, "buckets").map(StatsRoutes::buckets).orElse(DEFAULT_BUCKETS);
    Instant until = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    InvalidStats stats =
        log.invalidStats(
            until.minus(window),
            until,
            buckets,
            by,
            by == StatsDimension.CLIENT
                ? ua -> userAgents.family(ua).withoutVersion()
                : java.util.function.UnaryOperator.identity());
    Http.json(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeStringField("window", stats.window().toString());
          g.writeStringField("by", stats.by().wire());
          g.writeStringField("from", stats.from().toString());
          g.writeStringField("until", stats.until().toString());
          g.writeStringField("bucket", stats.bucket().toString());
          g.writeNumberField("buckets", stats.buckets());
          g.writeNumberField("total", stats.total());
          g.writeArrayFieldStart("series");
          for (InvalidStats.Series s : stats.series()) {
            g.writeStartObject();
            g.writeStringField("key", s.key());
            g.writeNumberField("total", s.total());
            g.writeArrayFieldStart("counts");
            for (long n : s.counts()) {
              g.writeNumber(n);
            }
            g.writeEndArray();
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  private static Duration window(String text) {
    Duration d;
    try {
      d = Duration.parse(text);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw bad("window", "must be an ISO-8601 duration such as PT1H");
    }
    if (d.compareTo(InvalidStats.MIN_WINDOW) < 0 || d.compareTo(InvalidStats.MAX_WINDOW) > 0) {
      throw bad("window", "must be from PT1M to P31D, was " + d);
    }
    return d;
  }

  private static StatsDimension dimension(String text) {
    return StatsDimension.ofWire(text)
        .orElseThrow(
            () ->
                bad(
                    "by",
                    "must be one of "
                        + Arrays.stream(StatsDimension.values())
                            .map(StatsDimension::wire)
                            .toList()));
  }

  private static int buckets(String text) {
    if (!text.matches("[0-9]{1,4}")
        || Integer.parseInt(text) < 1
        || Integer.parseInt(text) > InvalidStats.MAX_BUCKETS) {
      throw bad("buckets", "must be a whole number from 1 to " + InvalidStats.MAX_BUCKETS);
    }
    return Integer.parseInt(text);
  }

  private static ApiError bad(String field, String what) {
    return new ApiError(Problem.badField(field, field + " " + what + "."));
  }
}
