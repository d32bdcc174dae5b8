package dev.vigil.server.web;

import dev.vigil.account.AccountService;
import dev.vigil.account.MfaService;
import dev.vigil.account.User;
import dev.vigil.audit.AuditLog;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventQuery;
import dev.vigil.client.UserAgents;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.id.UserId;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.Session;
import dev.vigil.session.SessionService;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The dashboard's people: the search ({@code GET /admin/people?q=}: accounts whose username starts
 * with what was typed, the account with that id, or any application subject by its exact name), one
 * subject ({@code GET /admin/subject?id=}: the account, every live session with device, address,
 * times and assurance level, and the newest events), and ending sessions ({@code POST
 * /admin/subject/end}: one session, or every session of the subject but the operator's own, cause
 * {@code ADMIN}, only after an authentication within five minutes). Behind {@link AdminGate}.
 * Thread-safe.
 */
final class AdminPeople {
  /** How many accounts a search lists. */
  static final int FOUND = 50;

  /** How many events the subject page lists. */
  static final int EVENTS = 50;

  private final Pages pages;
  private final AdminGate gate;
  private final AdminPages overview;
  private final AccountService accounts;
  private final MfaService mfa;
  private final SessionService sessions;
  private final AuditLog log;
  private final UserAgents userAgents;
  private final SecurityEvents words;

  AdminPeople(Pages pages, AdminGate gate, AdminPages overview, WebPages.Parts parts) {
    this.pages = pages;
    this.gate = gate;
    this.overview = overview;
    this.accounts = parts.accounts().accounts();
    this.mfa = parts.accounts().mfa();
    this.sessions = parts.sessions();
    this.log = parts.events();
    this.userAgents = parts.userAgents();
    this.words = new SecurityEvents(parts.events(), pages.messages());
  }

  /** The path of a subject's page. */
  static String subjectPath(String subject) {
    return "/admin/subject?id=" + Pages.encode(subject);
  }

  void search(Context ctx) {
    String q = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
    Optional<AdminGate.Operator> op = gate.admit(ctx, "/admin/people?q=" + Pages.encode(q));
    if (op.isEmpty()) {
      return;
    }
    AdminPeopleView.Search view;
    if (q.length() > Subject.MAX_LENGTH) {
      view =
          new AdminPeopleView.Search(
              q.substring(0, Subject.MAX_LENGTH),
              List.of(),
              Optional.empty(),
              Optional.of(pages.messages().text("admin.people.tooLong", Subject.MAX_LENGTH)));
    } else {
      List<User> found = new ArrayList<>();
      UserId.parse(q).flatMap(accounts::find).ifPresent(found::add);
      if (found.isEmpty()) {
        found.addAll(accounts.search(q, FOUND));
      }
      view =
          new AdminPeopleView.Search(
              q,
              found.stream().map(this::user).toList(),
              subject(q).map(Subject::value),
              Optional.empty());
    }
    render(ctx, 200, "adminpeople.jte", view, op.get());
  }

  void subject(Context ctx) {
    String id = Optional.ofNullable(ctx.queryParam("id")).orElse("");
    Optional<AdminGate.Operator> op = gate.admit(ctx, subjectPath(id));
    if (op.isEmpty()) {
      return;
    }
    Optional<Subject> subject = subject(id);
    if (subject.isEmpty()) {
      pages.render(
          ctx,
          400,
          "error.jte",
          new ErrorView(pages.messages().text("admin.people.badSubject")),
          Optional.of(op.get().in().session().id()),
          Optional.of(op.get().name()));
      return;
    }
    render(ctx, 200, "adminsubject.jte", page(subject.get(), op.get(), notice(ctx)), op.get());
  }

  /** Ends one session of the subject, or all of them but the operator's own. */
  void end(Context ctx) {
    String id = Optional.ofNullable(ctx.formParam("subject")).orElse("");
    Optional<AdminGate.Operator> op = gate.admit(ctx, subjectPath(id));
    if (op.isEmpty() || !pages.genuine(ctx, Optional.of(op.get().in().session().id()))) {
      return;
    }
    Optional<Subject> subject = subject(id);
    if (subject.isEmpty()) {
      pages.error(ctx, 400, pages.messages().text("admin.people.badSubject"));
      return;
    }
    if (gate.fresh(ctx, op.get(), subjectPath(id)).isEmpty()) {
      return;
    }
    SessionId own = op.get().in().session().id();
    String which = Optional.ofNullable(ctx.formParam("session")).orElse("all");
    int ended;
    if (which.equals("all")) {
      ended =
          sessions.revokeAll(subject.get(), Optional.of(own), RevocationCause.ADMIN, op.get().by());
    } else {
      Optional<Session> target =
          SessionId.parse(which)
              .filter(s -> !s.equals(own))
              .flatMap(sessions::find)
              .filter(s -> s.subject().equals(subject.get()));
      if (target.isEmpty()) {
        pages.error(ctx, 404, pages.messages().text("error.noSuchSession"));
        return;
      }
      ended = sessions.revoke(target.get().id(), RevocationCause.ADMIN, op.get().by()) ? 1 : 0;
    }
    pages.redirect(ctx, pages.url(subjectPath(id) + "&ended=" + ended));
  }

  private AdminPeopleView.Subject page(Subject subject, AdminGate.Operator op, Optional<String> n) {
    Optional<AdminPeopleView.User> account =
        UserId.parse(subject.value()).flatMap(accounts::find).map(this::user);
    SessionId own = op.in().session().id();
    List<AdminPeopleView.Session> live =
        sessions.list(subject).stream()
            .sorted(Comparator.comparing(Session::lastSeenAt, Comparator.reverseOrder()))
            .map(s -> session(s, s.id().equals(own)))
            .toList();
    List<AdminPeopleView.EventRow> events =
        log
            .query(
                new EventQuery(
                    Optional.of(subject),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    EVENTS,
                    Optional.empty()))
            .events()
            .stream()
            .map(this::event)
            .toList();
    boolean ownSubject = op.in().session().subject().equals(subject);
    return new AdminPeopleView.Subject(subject.value(), account, live, events, n, ownSubject);
  }

  /** An event as the dashboard lists it. */
  AdminPeopleView.EventRow event(Event e) {
    return new AdminPeopleView.EventRow(
        AdminPages.time(e.time()),
        e.type().wire(),
        words.text(e),
        e.reason().orElse(""),
        e.sessionId().map(SessionId::value).orElse(""),
        overview.address(e),
        overview.device(e),
        e.incident().map(i -> i.value()));
  }

  private AdminPeopleView.User user(User u) {
    return new AdminPeopleView.User(
        u.id().value(),
        u.username().display(),
        String.join(", ", u.roles()),
        u.enabled(),
        mfa.enrolled(u.id()),
        AdminPages.time(u.createdAt()),
        subjectPath(u.id().value()));
  }

  private AdminPeopleView.Session session(Session s, boolean operatorsOwn) {
    return new AdminPeopleView.Session(
        s.id().value(),
        userAgents.family(s.client()).describe(),
        s.client()
            .ip()
            .map(ip -> ip.text())
            .orElseGet(() -> pages.messages().text("sessions.unknownAddress")),
        AdminPages.time(s.createdAt()),
        AdminPages.time(s.lastSeenAt()),
        s.auth().aal(),
        String.join(", ", s.auth().methods()),
        operatorsOwn);
  }

  private Optional<String> notice(Context ctx) {
    String ended = Optional.ofNullable(ctx.queryParam("ended")).orElse("");
    return ended.matches("[0-9]{1,6}")
        ? Optional.of(pages.messages().text("admin.people.ended", Integer.parseInt(ended)))
        : Optional.empty();
  }

  private static Optional<Subject> subject(String text) {
    try {
      return Optional.of(new Subject(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private void render(
      Context ctx, int status, String template, Object view, AdminGate.Operator op) {
    pages.render(
        ctx, status, template, view, Optional.of(op.in().session().id()), Optional.of(op.name()));
  }
}
