package dev.vigil.server.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.audit.AuditLog;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventQuery;
import dev.vigil.audit.EventType;
import dev.vigil.audit.InvalidStats;
import dev.vigil.audit.Report;
import dev.vigil.audit.Reports;
import dev.vigil.audit.StatsDimension;
import dev.vigil.client.UserAgents;
import dev.vigil.notice.Outbox;
import dev.vigil.server.notify.Webhooks;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The operator dashboard's overview ({@code GET /admin?window=}) and the panels its script fetches
 * again every few seconds ({@code GET /admin/live?window=}): live sessions; refused verifications
 * per reason over the window (a chart, with the anomaly rules' findings marked on it, and the same
 * counts as a table); the addresses, subjects and browser families with the most refusals; the
 * newest incidents, each linked to its root cause; the open reports; the last check of the audit
 * chain; and the health of the outbox and of each webhook. Behind {@link AdminGate}. Thread-safe.
 */
final class AdminPages {
  /** The windows offered, each with its number of chart buckets. */
  enum Window {
    HOUR("PT1H", Duration.ofHours(1), 60),
    DAY("PT24H", Duration.ofHours(24), 96),
    WEEK("P7D", Duration.ofDays(7), 168);

    final String wire;
    final Duration length;
    final int buckets;

    Window(String wire, Duration length, int buckets) {
      this.wire = wire;
      this.length = length;
      this.buckets = buckets;
    }

    /** The window named {@code wire}; the hour for anything else. */
    static Window of(String wire) {
      for (Window w : values()) {
        if (w.wire.equals(wire)) {
          return w;
        }
      }
      return HOUR;
    }
  }

  /** How many rows the lists of the overview show. */
  static final int ROWS = 10;

  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final Pages pages;
  private final AdminGate gate;
  private final AuditLog log;
  private final UserAgents userAgents;
  private final Reports reports;
  private final Webhooks webhooks;
  private final Outbox outbox;
  private final Readings readings;
  private final Clock clock;

  AdminPages(Pages pages, AdminGate gate, WebPages.Parts parts) {
    this.pages = pages;
    this.gate = gate;
    this.log = parts.events();
    this.userAgents = parts.userAgents();
    this.reports = parts.reports();
    this.webhooks = parts.webhooks();
    this.outbox = parts.outbox();
    this.readings = parts.readings();
    this.clock = parts.clock();
  }

  void show(Context ctx) {
    Window window = Window.of(Optional.ofNullable(ctx.queryParam("window")).orElse(""));
    Optional<AdminGate.Operator> op = gate.admit(ctx, "/admin?window=" + window.wire);
    if (op.isEmpty()) {
      return;
    }
    List<AdminView.Choice> windows =
        java.util.Arrays.stream(Window.values())
            .map(
                w ->
                    new AdminView.Choice(
                        w.wire, pages.messages().text("admin.window." + w.name()), w == window))
            .toList();
    AdminView view = new AdminView(window.wire, windows, panels(window));
    render(ctx, "admin.jte", view, op.get());
  }

  void live(Context ctx) {
    Window window = Window.of(Optional.ofNullable(ctx.queryParam("window")).orElse(""));
    Optional<AdminGate.Operator> op = gate.admitQuietly(ctx);
    if (op.isEmpty()) {
      return;
    }
    AdminView view = new AdminView(window.wire, List.of(), panels(window));
    render(ctx, "adminpanels.jte", view, op.get());
  }

  private void render(Context ctx, String template, Object view, AdminGate.Operator op) {
    pages.render(
        ctx, 200, template, view, Optional.of(op.in().session().id()), Optional.of(op.name()));
  }

  private AdminView.Panels panels(Window window) {
    Instant now = clock.instant();
    Instant until = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    Instant from = until.minus(window.length);
    InvalidStats byReason = log.invalidStats(from, until, window.buckets, StatsDimension.REASON);
    List<Event> anomalies = events(EventType.ANOMALY, Optional.of(from), 50);
    return new AdminView.Panels(
        time(now),
        readings.liveSessions().map(l -> new AdminView.Live(l.count(), time(l.at()))),
        byReason.total(),
        chart(byReason, anomalies),
        pages.messages().text("admin.chartSummary", byReason.total(), summary(byReason)),
        counts(byReason, k -> Optional.empty()),
        counts(log.invalidStats(from, until, 1, StatsDimension.IP), k -> Optional.empty()),
        counts(
            log.invalidStats(from, until, 1, StatsDimension.SUBJECT),
            k ->
                k.equals(StatsDimension.NONE)
                    ? Optional.empty()
                    : Optional.of(AdminPeople.subjectPath(k))),
        counts(
            log.invalidStats(
                from,
                until,
                1,
                StatsDimension.CLIENT,
                ua -> userAgents.family(ua).withoutVersion()),
            k -> Optional.empty()),
        anomalies.stream().limit(ROWS).map(this::anomaly).toList(),
        events(EventType.VERIFY_FAILED, Optional.empty(), ROWS).stream()
            .filter(e -> e.incident().isPresent())
            .map(this::incident)
            .toList(),
        reports.list(Optional.of(Report.Status.OPEN), ROWS).stream().map(this::report).toList(),
        readings
            .chain()
            .map(
                c ->
                    new AdminView.Chain(
                        c.check().intact(),
                        c.check().events(),
                        c.check().firstBroken().map(Object::toString),
                        time(c.at()))),
        backlog(outbox.backlog()),
        webhooks.list().stream().map(this::webhook).toList());
  }

  private List<Event> events(EventType type, Optional<Instant> since, int limit) {
    return log.query(
            new EventQuery(
                Optional.empty(),
                Optional.empty(),
                Optional.of(type),
                Optional.empty(),
                since,
                Optional.empty(),
                limit,
                Optional.empty()))
        .events();
  }

  /** The chart's data: see {@link AdminView.Panels#chart()}. */
  private static String chart(InvalidStats stats, List<Event> anomalies) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode out = json.objectNode();
    ArrayNode t = out.putArray("t");
    long from = stats.from().getEpochSecond();
    long step = Math.max(1, stats.bucket().toSeconds());
    for (int i = 0; i < stats.buckets(); i++) {
      t.add(from + i * step);
    }
    ArrayNode series = out.putArray("series");
    for (InvalidStats.Series s : stats.series()) {
      ObjectNode one = series.addObject();
      one.put("key", s.key());
      ArrayNode counts = one.putArray("counts");
      s.counts().forEach(counts::add);
    }
    ArrayNode marks = out.putArray("anomalies");
    for (Event e : anomalies) {
      marks
          .addObject()
          .put("t", e.time().getEpochSecond())
          .put("rule", e.detail().getOrDefault("rule", e.reason().orElse("")));
    }
    return out.toString();
  }

  private static String summary(InvalidStats stats) {
    return stats.series().stream()
        .limit(5)
        .map(s -> s.key() + " " + s.total())
        .reduce((a, b) -> a + ", " + b)
        .orElse("-");
  }

  private static List<AdminView.Count> counts(
      InvalidStats stats, java.util.function.Function<String, Optional<String>> link) {
    return stats.series().stream()
        .filter(s -> !s.key().equals(InvalidStats.OTHER))
        .limit(ROWS)
        .map(s -> new AdminView.Count(s.key(), s.total(), link.apply(s.key())))
        .toList();
  }

  private AdminView.Anomaly anomaly(Event e) {
    return new AdminView.Anomaly(
        time(e.time()),
        e.detail().getOrDefault("rule", e.reason().orElse("")),
        e.detail().getOrDefault("mode", ""),
        e.detail().getOrDefault("summary", ""));
  }

  private AdminView.IncidentRow incident(Event e) {
    return new AdminView.IncidentRow(
        e.incident().orElseThrow().value(),
        time(e.time()),
        e.reason().orElse(""),
        e.subject().map(s -> s.value()).orElse(""),
        address(e),
        device(e));
  }

  AdminView.ReportRow report(Report r) {
    String message = r.message();
    return new AdminView.ReportRow(
        r.id().value(),
        time(r.createdAt()),
        r.category(),
        r.status().name().toLowerCase(java.util.Locale.ROOT),
        message.length() > 140 ? message.substring(0, 139) + "…" : message,
        r.subject().map(s -> s.value()),
        r.incident().map(i -> i.value()));
  }

  private AdminView.Webhook webhook(Outbox.Endpoint e) {
    Optional<Outbox.Message> last =
        outbox.recent(Optional.of("webhook:" + e.id()), 1).stream().findFirst();
    return new AdminView.Webhook(
        e.id(),
        withoutQuery(e.url()),
        last.map(m -> m.state().name().toLowerCase(java.util.Locale.ROOT)),
        last.map(m -> time(m.doneAt().orElse(m.createdAt()))),
        last.flatMap(Outbox.Message::lastError),
        last.map(Outbox.Message::attempts).orElse(0));
  }

  private AdminView.Outbox backlog(Outbox.Backlog b) {
    return new AdminView.Outbox(b.pending(), b.failed(), b.oldestPending().map(AdminPages::time));
  }

  /** The client address of an event, or "unknown". */
  String address(Event e) {
    return e.client()
        .ip()
        .map(ip -> ip.text())
        .orElseGet(() -> pages.messages().text("sessions.unknownAddress"));
  }

  /** The browser family of an event's client, described. */
  String device(Event e) {
    return userAgents.family(e.client()).describe();
  }

  /**
   * A webhook's address without its query and fragment: an operator may have put a credential
   * there, and the dashboard shows only where notices go.
   */
  static String withoutQuery(String url) {
    try {
      URI u = URI.create(url);
      return new URI(u.getScheme(), u.getAuthority(), u.getPath(), null, null).toString();
    } catch (IllegalArgumentException | java.net.URISyntaxException e) {
      return "(unreadable address)";
    }
  }

  /** {@code t} for people and for the script. */
  static AdminView.Time time(Instant t) {
    Instant s = t.truncatedTo(ChronoUnit.SECONDS);
    return new AdminView.Time(SHOWN.format(s), s.toString());
  }
}
