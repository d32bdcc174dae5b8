package dev.vigil.server.web;

import dev.vigil.account.MfaService;
import dev.vigil.account.Reauthenticated;
import dev.vigil.session.Reason;
import dev.vigil.session.Requirements;
import dev.vigil.session.SessionService;
import dev.vigil.session.Verdict;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The door of the operator dashboard ({@code /admin}): a session with the role {@value #ROLE}, at
 * authenticator assurance level 2 (a second factor, NIST SP 800-63B-4 section 2.2), authenticated
 * within {@link #AUTH_AGE}; and for an action that ends other people's sessions, an authentication
 * within five minutes ({@link AccountGate#fresh}). The check is the session service's own
 * requirement check, so a refusal is recorded in the audit log like any refused verification (OWASP
 * ASVS 5.0 V8.2.1 function-level access control on the server, V16.3.2 failed authorization
 * logged). A session without the role gets a 403 page; one whose authentication is too old or too
 * weak is sent to step up ({@code /reauth}) and brought back, unless its account has no second
 * factor to step up with, which a page then says. Thread-safe.
 */
final class AdminGate {
  /** The role the dashboard requires. */
  static final String ROLE = "admin";

  /**
   * How recent the authentication of an operator's session must be: the dashboard shows every
   * person's sessions and addresses, so it asks more often than the 24 hours NIST SP 800-63B-4
   * allows an AAL2 session, and stops refreshing itself when the hour has passed.
   */
  static final Duration AUTH_AGE = Duration.ofHours(1);

  private static final Requirements REQUIRED =
      new Requirements(Set.of(ROLE), Optional.of(AUTH_AGE), OptionalInt.of(2));

  private final Pages pages;
  private final BrowserSessions browser;
  private final AccountGate account;
  private final MfaService mfa;
  private final SessionService sessions;

  AdminGate(
      Pages pages,
      BrowserSessions browser,
      AccountGate account,
      MfaService mfa,
      SessionService sessions) {
    this.pages = pages;
    this.browser = browser;
    this.account = account;
    this.mfa = mfa;
    this.sessions = sessions;
  }

  /** An operator's session, admitted to the dashboard. */
  record Operator(BrowserSessions.Current.SignedIn in, String name) {
    String by() {
      return "admin:" + in.session().subject().value();
    }
  }

  /**
   * The operator, or empty after answering: the sign-in page (coming back to {@code path}), a step
   * up, or a page that says why this session may not open the dashboard.
   */
  Optional<Operator> admit(Context ctx, String path) {
    switch (browser.checked(ctx, REQUIRED)) {
      case BrowserSessions.Checked.Met met -> {
        return Optional.of(new Operator(met.in(), account.who(met.in().session())));
      }
      case BrowserSessions.Checked.Absent absent -> account.answer(ctx, absent.current(), path);
      case BrowserSessions.Checked.Unmet unmet -> refuse(ctx, unmet.verdict(), path);
    }
    return Optional.empty();
  }

  /**
   * The operator, or empty after answering a request of the dashboard's own script with a short
   * text and status 403 (its script then stops refreshing and says why): no redirect is followed by
   * a background request.
   */
  Optional<Operator> admitQuietly(Context ctx) {
    if (browser.checked(ctx, REQUIRED) instanceof BrowserSessions.Checked.Met met) {
      return Optional.of(new Operator(met.in(), account.who(met.in().session())));
    }
    pages.headers().page(ctx);
    ctx.status(403)
        .contentType("text/plain; charset=utf-8")
        .result(pages.messages().text("admin.paused"));
    return Optional.empty();
  }

  /**
   * Proof of an authentication within five minutes, or empty after sending the operator to step up
   * and come back to {@code path}.
   */
  Optional<Reauthenticated> fresh(Context ctx, Operator operator, String path) {
    return account.fresh(ctx, operator.in(), path);
  }

  private void refuse(Context ctx, Verdict.Invalid why, String path) {
    if (why.reason() == Reason.FORBIDDEN) {
      pages.error(ctx, 403, pages.messages().text("admin.forbidden"));
      return;
    }
    boolean needsSecondFactor = why.required().map(r -> r.aal().orElse(1) >= 2).orElse(false);
    boolean hasSecondFactor =
        why.sessionId()
            .flatMap(sessions::find)
            .flatMap(AccountGate::user)
            .map(mfa::enrolled)
            .orElse(false);
    if (needsSecondFactor && !hasSecondFactor) {
      pages.error(ctx, 403, pages.messages().text("admin.needsSecondFactor"));
      return;
    }
    pages.redirect(ctx, pages.url("/reauth?return_to=" + Pages.encode(pages.url(path))));
  }
}
