package dev.vigil.server.web;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.EventPage;
import dev.vigil.audit.EventQuery;
import dev.vigil.audit.EventType;
import dev.vigil.audit.Report;
import dev.vigil.audit.Reports;
import dev.vigil.id.ReportId;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.server.api.Fields;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The dashboard's audit log and reports queue. {@code GET /admin/audit} searches the event log by
 * subject, session, type, reason and time (UTC), newest first, a page at a time, beside the status
 * of the hash chain; {@code POST /admin/audit/verify} checks the chain now. {@code GET
 * /admin/reports?status=} lists reports; {@code POST /admin/reports/{id}/status} moves one. A
 * filter that is not valid answers the page again with what is wrong (400), never an error of the
 * server. Behind {@link AdminGate}. Thread-safe.
 */
final class AdminAudit {
  /** Events per page. */
  static final int PAGE = 50;

  /** Reports listed. */
  static final int REPORTS = 100;

  private final Pages pages;
  private final AdminGate gate;
  private final AdminPages overview;
  private final AdminPeople people;
  private final AuditLog log;
  private final Reports reports;
  private final Readings readings;
  private final Clock clock;

  AdminAudit(
      Pages pages, AdminGate gate, AdminPages overview, AdminPeople people, WebPages.Parts parts) {
    this.pages = pages;
    this.gate = gate;
    this.overview = overview;
    this.people = people;
    this.log = parts.events();
    this.reports = parts.reports();
    this.readings = parts.readings();
    this.clock = parts.clock();
  }

  void search(Context ctx) {
    Optional<AdminGate.Operator> op =
        gate.admit(
            ctx,
            "/admin/audit" + Optional.ofNullable(ctx.queryString()).map(q -> "?" + q).orElse(""));
    if (op.isEmpty()) {
      return;
    }
    String subject = param(ctx, "subject");
    String session = param(ctx, "session");
    String type = param(ctx, "type");
    String reason = param(ctx, "reason");
    String since = param(ctx, "since");
    String until = param(ctx, "until");
    String cursor = param(ctx, "cursor");
    List<String> wrong = new ArrayList<>();
    EventQuery query =
        new EventQuery(
            parsed(subject, s -> new Subject(s), "admin.audit.badSubject", wrong),
            parsed(session, s -> SessionId.parse(s).orElseThrow(), "admin.audit.badSession", wrong),
            parsed(type, t -> EventType.ofWire(t).orElseThrow(), "admin.audit.badType", wrong),
            parsed(
                reason,
                r -> {
                  if (!r.matches("[A-Za-z_]{1,40}")) {
                    throw new IllegalArgumentException();
                  }
                  return r.toUpperCase(Locale.ROOT);
                },
                "admin.audit.badReason",
                wrong),
            parsed(since, AdminAudit::utc, "admin.audit.badTime", wrong),
            parsed(until, AdminAudit::utc, "admin.audit.badTime", wrong),
            PAGE,
            parsed(
                cursor,
                c -> {
                  if (!c.matches("[0-9]{1,18}")) {
                    throw new IllegalArgumentException();
                  }
                  return c;
                },
                "admin.audit.badCursor",
                wrong));
    Optional<EventPage> found = wrong.isEmpty() ? Optional.of(log.query(query)) : Optional.empty();
    List<AdminView.Choice> types =
        Stream.concat(
                Stream.of(
                    new AdminView.Choice(
                        "", pages.messages().text("admin.audit.anyType"), type.isEmpty())),
                Arrays.stream(EventType.values())
                    .map(t -> new AdminView.Choice(t.wire(), t.wire(), t.wire().equals(type))))
            .toList();
    AdminAuditView.Log view =
        new AdminAuditView.Log(
            subject,
            session,
            types,
            reason,
            since,
            until,
            found.map(p -> p.events().stream().map(people::event).toList()).orElse(List.of()),
            found.flatMap(EventPage::nextCursor).map(c -> next(ctx, c)),
            wrong.stream().distinct().reduce((a, b) -> a + " " + b),
            chain());
    pages.render(
        ctx,
        wrong.isEmpty() ? 200 : 400,
        "adminaudit.jte",
        view,
        Optional.of(op.get().in().session().id()),
        Optional.of(op.get().name()));
  }

  /** Checks the hash chain now and shows the audit page with the result. */
  void verify(Context ctx) {
    Optional<AdminGate.Operator> op = gate.admit(ctx, "/admin/audit");
    if (op.isEmpty() || !pages.genuine(ctx, Optional.of(op.get().in().session().id()))) {
      return;
    }
    readings.chainChecked(log.verifyChain(), clock.instant());
    pages.redirect(ctx, pages.url("/admin/audit"));
  }

  void queue(Context ctx) {
    String status = param(ctx, "status");
    Optional<Report.Status> filter = status(status);
    Optional<AdminGate.Operator> op =
        gate.admit(ctx, "/admin/reports?status=" + Pages.encode(status));
    if (op.isEmpty()) {
      return;
    }
    String shown = filter.map(s -> s.name().toLowerCase(Locale.ROOT)).orElse("");
    List<AdminView.Choice> statuses =
        Stream.concat(
                Stream.of(
                    new AdminView.Choice(
                        "", pages.messages().text("admin.reports.anyStatus"), shown.isEmpty())),
                Arrays.stream(Report.Status.values())
                    .map(s -> s.name().toLowerCase(Locale.ROOT))
                    .map(s -> new AdminView.Choice(s, s, s.equals(shown))))
            .toList();
    AdminAuditView.Queue view =
        new AdminAuditView.Queue(
            statuses, reports.list(filter, REPORTS).stream().map(overview::report).toList(), shown);
    pages.render(
        ctx,
        200,
        "adminreports.jte",
        view,
        Optional.of(op.get().in().session().id()),
        Optional.of(op.get().name()));
  }

  /** Moves a report to the status posted, and lists the queue again. */
  void move(Context ctx) {
    Optional<AdminGate.Operator> op = gate.admit(ctx, "/admin/reports");
    if (op.isEmpty() || !pages.genuine(ctx, Optional.of(op.get().in().session().id()))) {
      return;
    }
    Optional<Report.Status> to = status(Optional.ofNullable(ctx.formParam("status")).orElse(""));
    Optional<ReportId> id = ReportId.parse(ctx.pathParam("id"));
    if (to.isEmpty()) {
      pages.error(ctx, 400, pages.messages().text("admin.reports.badStatus"));
      return;
    }
    if (id.flatMap(r -> reports.setStatus(r, to.get(), op.get().by())).isEmpty()) {
      pages.error(ctx, 404, pages.messages().text("admin.reports.none"));
      return;
    }
    pages.redirect(ctx, pages.url("/admin/reports"));
  }

  private Optional<AdminView.Chain> chain() {
    return readings
        .chain()
        .map(
            c ->
                new AdminView.Chain(
                    c.check().intact(),
                    c.check().events(),
                    c.check().firstBroken().map(Object::toString),
                    AdminPages.time(c.at())));
  }

  private String next(Context ctx, String cursor) {
    StringBuilder q = new StringBuilder();
    for (String name : List.of("subject", "session", "type", "reason", "since", "until")) {
      String v = param(ctx, name);
      if (!v.isEmpty()) {
        q.append(name).append('=').append(Pages.encode(v)).append('&');
      }
    }
    return pages.url("/admin/audit?" + q + "cursor=" + cursor);
  }

  private static Optional<Report.Status> status(String text) {
    return Arrays.stream(Report.Status.values())
        .filter(s -> s.name().equalsIgnoreCase(text))
        .findFirst();
  }

  /**
   * A time typed as {@code 2026-12-01T10:00} (UTC, as a datetime-local field sends it) or in RFC
   * 3339; one outside what the log can hold is moved to the nearest it can, as the API does, which
   * selects the same events.
   */
  static Instant utc(String text) {
    Instant t;
    try {
      t = Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        t = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (java.time.DateTimeException again) {
        throw new IllegalArgumentException(again);
      }
    }
    return t.isBefore(Fields.EARLIEST)
        ? Fields.EARLIEST
        : t.isAfter(Fields.LATEST) ? Fields.LATEST : t;
  }

  private <T> Optional<T> parsed(
      String text,
      java.util.function.Function<String, T> parse,
      String problem,
      List<String> wrong) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse.apply(text));
    } catch (RuntimeException e) {
      wrong.add(pages.messages().text(problem));
      return Optional.empty();
    }
  }

  private static String param(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null ? "" : v.strip();
  }
}
