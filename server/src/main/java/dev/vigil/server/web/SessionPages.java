package dev.vigil.server.web;

import dev.vigil.client.UserAgents;
import dev.vigil.id.SessionId;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.Session;
import dev.vigil.session.SessionService;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * "Your sessions" ({@code /account/sessions}): every live session of the signed-in person with its
 * device (browser and operating system from the user agent), address, creation and last activity,
 * this browser's marked; ending one ({@code POST /account/sessions/{id}/end}, cause {@code LOGOUT})
 * or all others ({@code POST /account/sessions/end-others}, cause {@code ALL_SESSIONS}, only after
 * an authentication within five minutes: {@link AccountGate#fresh}). OWASP ASVS 5.0 V7.5 (defences
 * against session abuse): a person can see and end their sessions. A session id that is not one of
 * the person's own answers like one that does not exist.
 */
final class SessionPages {
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final String END_OTHERS = "/account/sessions/end-others";

  private final Pages pages;
  private final AccountGate gate;
  private final SessionService sessions;
  private final UserAgents userAgents;

  SessionPages(Pages pages, AccountGate gate, WebPages.Parts parts) {
    this.pages = pages;
    this.gate = gate;
    this.sessions = parts.sessions();
    this.userAgents = parts.userAgents();
  }

  void show(Context ctx) {
    Optional<BrowserSessions.Current.SignedIn> in = gate.signedIn(ctx, "/account/sessions");
    if (in.isEmpty()) {
      return;
    }
    Session me = in.get().session();
    List<SessionsView.Row> rows =
        sessions.list(me.subject()).stream()
            .sorted(
                Comparator.comparing((Session s) -> !s.id().equals(me.id()))
                    .thenComparing(Session::lastSeenAt, Comparator.reverseOrder()))
            .map(s -> row(s, s.id().equals(me.id())))
            .toList();
    SessionsView view =
        new SessionsView(rows, notice(ctx), rows.stream().anyMatch(r -> !r.thisDevice()));
    pages.render(ctx, 200, "sessions.jte", view, Optional.of(me.id()), Optional.of(gate.who(me)));
  }

  void end(Context ctx) {
    Optional<BrowserSessions.Current.SignedIn> in = gate.signedIn(ctx, "/account/sessions");
    if (in.isEmpty() || !pages.genuine(ctx, Optional.of(in.get().session().id()))) {
      return;
    }
    Session me = in.get().session();
    Optional<Session> target =
        SessionId.parse(ctx.pathParam("id"))
            .flatMap(sessions::find)
            .filter(s -> s.subject().equals(me.subject()));
    if (target.isEmpty()) {
      pages.render(
          ctx,
          404,
          "error.jte",
          new ErrorView(pages.messages().text("error.noSuchSession")),
          Optional.of(me.id()),
          Optional.of(gate.who(me)));
      return;
    }
    sessions.revoke(target.get().id(), RevocationCause.LOGOUT, SignInPages.BY);
    pages.redirect(ctx, pages.url("/account/sessions?ended=one"));
  }

  /**
   * {@code GET /account/sessions/end-others}: asks before ending every other session; where the
   * step-up page brings the person back to when the button was pressed without a recent sign-in.
   */
  void confirmEndOthers(Context ctx) {
    Optional<BrowserSessions.Current.SignedIn> in = gate.signedIn(ctx, END_OTHERS);
    if (in.isEmpty() || gate.fresh(ctx, in.get(), END_OTHERS).isEmpty()) {
      return;
    }
    Session me = in.get().session();
    ConfirmView view =
        new ConfirmView(
            pages.messages().text("sessions.endOthersTitle"),
            pages.messages().text("sessions.endOthersText"),
            pages.url(END_OTHERS),
            pages.messages().text("sessions.endOthers"),
            "end-others",
            pages.url("/account/sessions"));
    pages.render(ctx, 200, "confirm.jte", view, Optional.of(me.id()), Optional.of(gate.who(me)));
  }

  /** Ends every other session, after a step-up when the sign-in is older than five minutes. */
  void endOthers(Context ctx) {
    Optional<BrowserSessions.Current.SignedIn> in = gate.signedIn(ctx, "/account/sessions");
    if (in.isEmpty()
        || !pages.genuine(ctx, Optional.of(in.get().session().id()))
        || gate.fresh(ctx, in.get(), END_OTHERS).isEmpty()) {
      return;
    }
    Session me = in.get().session();
    int ended =
        sessions.revokeAll(
            me.subject(), Optional.of(me.id()), RevocationCause.ALL_SESSIONS, SignInPages.BY);
    pages.redirect(ctx, pages.url("/account/sessions?ended=" + ended));
  }

  private Optional<String> notice(Context ctx) {
    String ended = Optional.ofNullable(ctx.queryParam("ended")).orElse("");
    if (ended.equals("one")) {
      return Optional.of(pages.messages().text("sessions.endedOne"));
    }
    if (ended.matches("[0-9]{1,6}")) {
      return Optional.of(pages.messages().text("sessions.endedMany", Integer.parseInt(ended)));
    }
    return Optional.empty();
  }

  private SessionsView.Row row(Session s, boolean thisDevice) {
    Instant created = s.createdAt().truncatedTo(ChronoUnit.SECONDS);
    Instant seen = s.lastSeenAt().truncatedTo(ChronoUnit.SECONDS);
    return new SessionsView.Row(
        s.id().value(),
        capitalised(userAgents.family(s.client()).describe()),
        s.client()
            .ip()
            .map(ip -> ip.text())
            .orElseGet(() -> pages.messages().text("sessions.unknownAddress")),
        SHOWN.format(created),
        created.toString(),
        SHOWN.format(seen),
        seen.toString(),
        thisDevice);
  }

  private static String capitalised(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
