package dev.vigil.server.web;

import dev.vigil.account.AccountService;
import dev.vigil.account.Accounts;
import dev.vigil.account.Reauthenticated;
import dev.vigil.account.Reauthentication;
import dev.vigil.id.UserId;
import dev.vigil.session.Session;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The two doors of the account pages: a signed-in session ({@link #signedIn}), and for a sensitive
 * action (ending all other sessions, changing the password, adding or removing TOTP) a recent
 * authentication ({@link #fresh}): within {@link Reauthentication#FRESH_AUTH}, decided by the API's
 * own {@link Reauthentication#withFreshSession}, else the person is sent to {@code /reauth} and
 * brought back (OWASP ASVS 5.0 V7.5.1, full re-authentication before a change of what
 * authentication rests on, such as the MFA configuration; V7.5.2, ending sessions only after
 * authenticating again; V7.5.3, further authentication before a sensitive action; NIST SP 800-63B-4
 * section 5.2, reauthentication). Thread-safe.
 */
final class AccountGate {
  private final Pages pages;
  private final BrowserSessions browser;
  private final Reauthentication reauthentication;
  private final AccountService accounts;

  AccountGate(Pages pages, BrowserSessions browser, Accounts accounts) {
    this.pages = pages;
    this.browser = browser;
    this.reauthentication = accounts.reauthentication();
    this.accounts = accounts.accounts();
  }

  /** The name shown for the signed-in person: the username, else the session's subject. */
  String who(Session session) {
    return user(session)
        .flatMap(accounts::find)
        .map(u -> u.username().display())
        .orElse(session.subject().value());
  }

  /** Renders {@code template} for the signed-in person, with their name in the layout. */
  void render(
      Context ctx, int status, String template, Object view, BrowserSessions.Current.SignedIn in) {
    Session me = in.session();
    pages.render(ctx, status, template, view, Optional.of(me.id()), Optional.of(who(me)));
  }

  /**
   * The signed-in session, or empty after answering: a redirect to the sign-in page that says why
   * the session ended and comes back to {@code path}, or the throttle's page.
   */
  Optional<BrowserSessions.Current.SignedIn> signedIn(Context ctx, String path) {
    BrowserSessions.Current current = browser.current(ctx);
    if (current instanceof BrowserSessions.Current.SignedIn in) {
      return Optional.of(in);
    }
    answer(ctx, current, path);
    return Optional.empty();
  }

  /**
   * Answers a browser without a valid session: the throttle's page, or a redirect to the sign-in
   * page that says why the session ended and comes back to {@code path}.
   */
  void answer(Context ctx, BrowserSessions.Current current, String path) {
    switch (current) {
      case BrowserSessions.Current.SignedIn in ->
          throw new IllegalArgumentException("signed in: nothing to answer");
      case BrowserSessions.Current.Throttled t -> pages.error(ctx, 429, t.verdict().message());
      case BrowserSessions.Current.SignedOut out -> {
        String reason = out.why().map(v -> "reason=" + v.reason().name() + "&").orElse("");
        pages.redirect(
            ctx, pages.url("/login?" + reason + "return_to=" + Pages.encode(pages.url(path))));
      }
    }
  }

  /**
   * Proof that the signed-in person authenticated within five minutes, or empty after answering: a
   * redirect to {@code /reauth} that comes back to {@code path} (a page that shows the action
   * again), or a page saying that this session belongs to no Vigil account (an application's own
   * subject, which has no password to confirm).
   */
  Optional<Reauthenticated> fresh(Context ctx, BrowserSessions.Current.SignedIn in, String path) {
    Optional<UserId> user = user(in.session());
    if (user.isEmpty()) {
      notAnAccount(ctx, in);
      return Optional.empty();
    }
    switch (reauthentication.withFreshSession(
        user.get(), in.token(), BrowserSessions.client(ctx))) {
      case Reauthentication.Outcome.Confirmed c -> {
        return Optional.of(c.proof());
      }
      case Reauthentication.Outcome.NotFresh n ->
          pages.redirect(ctx, pages.url("/reauth?return_to=" + Pages.encode(pages.url(path))));
      case Reauthentication.Outcome.Failed f ->
          pages.redirect(ctx, pages.url("/login?return_to=" + Pages.encode(pages.url(path))));
      case Reauthentication.Outcome.NoSuchUser n -> notAnAccount(ctx, in);
    }
    return Optional.empty();
  }

  /** The Vigil account a session belongs to, when its subject is a user id. */
  static Optional<UserId> user(Session session) {
    return UserId.parse(session.subject().value());
  }

  private void notAnAccount(Context ctx, BrowserSessions.Current.SignedIn in) {
    pages.render(
        ctx,
        404,
        "error.jte",
        new ErrorView(pages.messages().text("error.notAnAccount")),
        Optional.of(in.session().id()),
        Optional.empty());
  }
}
