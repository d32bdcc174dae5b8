package dev.vigil.server.web;

import dev.vigil.audit.Report;
import dev.vigil.audit.Reports;
import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.server.api.SignInRoutes;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * "Report a problem" ({@code GET/POST /report}): a category and a text, with the incident number
 * pre-filled when an error page links here with {@code ?incident=inc_...}; confirmed with the
 * report's id. It files through the API's own {@link Reports#file} ({@code POST /v1/reports}), so
 * the report names the incident's subject and session and shows in the session's timeline; a
 * signed-in person's report names them too. Open to people who are not signed in (those who were
 * signed out are the ones who report), so every post passes the per-address limit of sign-in
 * ({@link SignInRoutes.AddressLimits}) as well as the form checks (OWASP ASVS 5.0 V2.4.1,
 * anti-automation). Bad input is a 400 page that says which field is wrong.
 */
final class ReportPages {
  /** The categories offered, as the API stores them ({@link Report#CATEGORY}). */
  static final List<String> CATEGORIES = List.of("signed_out", "not_me", "error", "other");

  private final Pages pages;
  private final BrowserSessions browser;
  private final Reports reports;
  private final SignInRoutes.AddressLimits limits;

  ReportPages(Pages pages, BrowserSessions browser, WebPages.Parts parts) {
    this.pages = pages;
    this.browser = browser;
    this.reports = parts.reports();
    this.limits = parts.limits();
  }

  void show(Context ctx) {
    Optional<BrowserSessions.Current.SignedIn> in = signedIn(ctx);
    String incident = IncidentId.parse(param(ctx, "incident")).map(IncidentId::value).orElse("");
    String category = param(ctx, "category");
    if (!CATEGORIES.contains(category)) {
      category = incident.isEmpty() ? "" : "signed_out";
    }
    form(ctx, 200, in, new Typed(category, incident, ""), Optional.empty(), "");
  }

  void submit(Context ctx) {
    Optional<BrowserSessions.Current.SignedIn> in = signedIn(ctx);
    if (!pages.genuine(ctx, in.map(s -> s.session().id()))) {
      return;
    }
    Typed typed =
        new Typed(field(ctx, "category"), field(ctx, "incident").strip(), field(ctx, "message"));
    if (typed.message().length() > Report.MAX_MESSAGE || typed.incident().length() > 64) {
      int max = typed.message().length() > Report.MAX_MESSAGE ? Report.MAX_MESSAGE : 64;
      String name = max == 64 ? "incident" : "message";
      form(ctx, 400, in, typed.cut(), error("report.tooLong", label(name), max), name);
      return;
    }
    if (!CATEGORIES.contains(typed.category())) {
      form(ctx, 400, in, typed, error("report.noCategory"), "category");
      return;
    }
    if (typed.message().isBlank()) {
      form(ctx, 400, in, typed, error("report.noMessage"), "message");
      return;
    }
    Optional<IncidentId> incident = IncidentId.parse(typed.incident());
    if (!typed.incident().isEmpty() && incident.isEmpty()) {
      form(ctx, 400, in, typed, error("report.badIncident"), "incident");
      return;
    }
    Optional<Duration> wait = limits.wait(BrowserSessions.client(ctx));
    if (wait.isPresent()) {
      ctx.header("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())));
      String seconds = pages.messages().seconds(wait.get());
      form(ctx, 429, in, typed, error("login.throttled", seconds), "");
      return;
    }
    Optional<Subject> subject = in.map(s -> s.session().subject());
    Report filed =
        reports.file(
            subject, Optional.<SessionId>empty(), incident, typed.category(), typed.message());
    render(ctx, 200, "reported.jte", new ReportedView(filed.id().value()), in);
  }

  private void form(
      Context ctx,
      int status,
      Optional<BrowserSessions.Current.SignedIn> in,
      Typed typed,
      Optional<String> error,
      String invalid) {
    List<ReportView.Category> categories =
        CATEGORIES.stream()
            .map(c -> new ReportView.Category(c, pages.messages().text("report.category." + c)))
            .toList();
    ReportView view =
        new ReportView(
            categories, typed.category(), typed.incident(), typed.message(), error, invalid);
    render(ctx, status, "report.jte", view, in);
  }

  private void render(
      Context ctx,
      int status,
      String template,
      Object view,
      Optional<BrowserSessions.Current.SignedIn> in) {
    // the form token is bound to the session the page was shown to, or to none
    pages.render(ctx, status, template, view, in.map(s -> s.session().id()), Optional.empty());
  }

  /** The browser's session, if it has a valid one; a report needs none. */
  private Optional<BrowserSessions.Current.SignedIn> signedIn(Context ctx) {
    return browser.current(ctx) instanceof BrowserSessions.Current.SignedIn in
        ? Optional.of(in)
        : Optional.empty();
  }

  private String label(String field) {
    return pages.messages().text("report." + field);
  }

  private Optional<String> error(String key, Object... args) {
    return Optional.of(pages.messages().text(key, args));
  }

  /** What was typed, shown again after a refusal. */
  private record Typed(String category, String incident, String message) {
    Typed cut() {
      return new Typed(
          category,
          incident.length() > 64 ? "" : incident,
          message.length() > Report.MAX_MESSAGE
              ? message.substring(0, Report.MAX_MESSAGE)
              : message);
    }
  }

  private static String param(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null || v.length() > 64 ? "" : v;
  }

  private static String field(Context ctx, String name) {
    String v = ctx.formParam(name);
    return v == null ? "" : v;
  }
}
