package dev.vigil.server.web;

import dev.vigil.account.LoginResult;
import dev.vigil.account.MfaService;
import dev.vigil.account.PasswordPolicy;
import dev.vigil.account.SignIn;
import dev.vigil.client.ClientContext;
import dev.vigil.server.api.SignInRoutes;
import dev.vigil.session.Reason;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.SessionPolicy;
import dev.vigil.session.SessionService;
import dev.vigil.session.VerdictMessages;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The sign-in pages: {@code GET/POST /login} (username and password), {@code POST /login/code}
 * (TOTP or recovery code) and {@code POST /logout}. They call the same sign-in as {@code POST
 * /v1/auth/login} and {@code /v1/auth/mfa}: the per-address limit and the credential-stuffing rule
 * first ({@link SignInRoutes.AddressLimits}), then {@link SignIn} with its per-account throttle, so
 * the pages are no weaker a way in than the API. Following OWASP ASVS 5.0 V6 (authentication) and
 * V7 (session management):
 *
 * <ul>
 *   <li>every failure reads alike, whatever its true reason (no account enumeration, V6.3);
 *   <li>a throttled attempt says how long to wait;
 *   <li>a successful sign-in always opens a new session and replaces the cookie (and ends the
 *       session the browser held before): no session fixation (V7.2);
 *   <li>{@code return_to} is followed only when it is a same-origin path ({@link ReturnTo});
 *   <li>sign-out ends the session on the server, then clears the cookies and the site's storage
 *       ({@code Clear-Site-Data}, V7.4).
 * </ul>
 */
final class SignInPages {
  /** Who the events of these pages name as the caller. */
  static final String BY = "web";

  /** The longest username read, as the API's. */
  private static final int MAX_USERNAME = 256;

  private final Pages pages;
  private final Cookies cookies;
  private final BrowserSessions browser;
  private final SignIn signIn;
  private final MfaService mfa;
  private final SignInRoutes.AddressLimits limits;
  private final SessionService sessions;

  SignInPages(Pages pages, Cookies cookies, BrowserSessions browser, WebPages.Parts parts) {
    this.pages = pages;
    this.cookies = cookies;
    this.browser = browser;
    this.signIn = parts.accounts().signIn();
    this.mfa = parts.accounts().mfa();
    this.limits = parts.limits();
    this.sessions = parts.sessions();
  }

  /** The default page after sign-in. */
  String home() {
    return pages.url("/account/sessions");
  }

  void show(Context ctx) {
    String returnTo = ReturnTo.safe(param(ctx, "return_to")).orElse("");
    Optional<String> notice = Optional.empty();
    Optional<String> incident = Optional.empty();
    switch (browser.current(ctx)) {
      case BrowserSessions.Current.SignedIn in -> {
        pages.redirect(ctx, returnTo.isEmpty() ? home() : returnTo);
        return;
      }
      case BrowserSessions.Current.Throttled t -> {
        pages.error(ctx, 429, t.verdict().message());
        return;
      }
      case BrowserSessions.Current.SignedOut out -> {
        notice = out.why().map(v -> v.message()).or(() -> reasonText(ctx));
        incident = out.why().map(v -> v.incident().value());
      }
    }
    if (notice.isEmpty() && param(ctx, "signed_out").equals("1")) {
      notice = Optional.of(pages.messages().text("login.signedOut"));
    }
    login(ctx, 200, new LoginView("", returnTo, notice, Optional.empty(), incident));
  }

  void submit(Context ctx) {
    if (!pages.genuine(ctx, Optional.empty())) {
      return;
    }
    String returnTo = ReturnTo.safe(form(ctx, "return_to")).orElse("");
    String username = form(ctx, "username");
    String password = form(ctx, "password");
    boolean longName = username.length() > MAX_USERNAME;
    if (longName || password.getBytes(StandardCharsets.UTF_8).length > PasswordPolicy.MAX_BYTES) {
      String field = pages.messages().text(longName ? "login.username" : "login.password");
      int max = longName ? MAX_USERNAME : PasswordPolicy.MAX_BYTES;
      fail(ctx, 400, "", returnTo, pages.messages().text("login.tooLong", field, max));
      return;
    }
    if (username.isBlank() || password.isEmpty()) {
      fail(ctx, 400, username, returnTo, pages.messages().text("login.missing"));
      return;
    }
    ClientContext client = BrowserSessions.client(ctx);
    Optional<Duration> wait = limits.wait(client);
    if (wait.isPresent()) {
      signIn.addressThrottled(username, client);
      answer(ctx, new LoginResult.Throttled(wait.get()), username, returnTo);
      return;
    }
    answer(ctx, signIn.login(username, password, client, BY), username, returnTo);
  }

  void code(Context ctx) {
    if (!pages.genuine(ctx, Optional.empty())) {
      return;
    }
    String returnTo = ReturnTo.safe(form(ctx, "return_to")).orElse("");
    String challenge = form(ctx, "challenge");
    boolean recovery = form(ctx, "mode").equals("recovery");
    if (challenge.isEmpty() || challenge.length() > 64) {
      pages.error(ctx, 400, pages.messages().text("error.badRequest", "challenge"));
      return;
    }
    if (form(ctx, "action").equals("switch")) {
      codePage(ctx, 200, new CodeView(challenge, returnTo, !recovery, Optional.empty()));
      return;
    }
    String code = form(ctx, "code").strip();
    if (code.isEmpty() || code.length() > 64) {
      codePage(
          ctx,
          400,
          new CodeView(
              challenge, returnTo, recovery, Optional.of(pages.messages().text("code.missing"))));
      return;
    }
    ClientContext client = BrowserSessions.client(ctx);
    Optional<Duration> wait = limits.wait(client);
    LoginResult result =
        wait.isPresent()
            ? new LoginResult.Throttled(wait.get())
            : mfa.complete(challenge, code.replace(" ", ""), client, BY);
    switch (result) {
      case LoginResult.MfaInvalid bad ->
          codePage(
              ctx,
              401,
              new CodeView(
                  challenge,
                  returnTo,
                  recovery,
                  Optional.of(pages.messages().text("code.invalid"))));
      case LoginResult.Throttled t ->
          codePage(
              ctx,
              429,
              new CodeView(
                  challenge,
                  returnTo,
                  recovery,
                  Optional.of(
                      pages
                          .messages()
                          .text("login.throttled", pages.messages().seconds(t.retryAfter())))));
      case LoginResult.SignedIn in -> answer(ctx, in, "", returnTo);
      case LoginResult.MfaRequired m -> answer(ctx, m, "", returnTo);
      case LoginResult.InvalidCredentials bad -> answer(ctx, bad, "", returnTo);
      case LoginResult.PasswordChangeRequired p -> answer(ctx, p, "", returnTo);
    }
  }

  void logout(Context ctx) {
    // a session that is no longer valid has nothing left to end, so only a live one needs the
    // form checked (against a forged sign-out)
    if (browser.current(ctx) instanceof BrowserSessions.Current.SignedIn in) {
      if (!pages.genuine(ctx, Optional.of(in.session().id()))) {
        return;
      }
      sessions.revoke(in.token(), BY);
    }
    cookies.clearSession(ctx);
    ctx.header("Clear-Site-Data", "\"cookies\", \"storage\"");
    pages.redirect(ctx, pages.url("/login?signed_out=1"));
  }

  private void answer(Context ctx, LoginResult result, String username, String returnTo) {
    switch (result) {
      case LoginResult.SignedIn in -> {
        // a new session every time (no fixation): the one this browser held before is ended
        cookies.session(ctx).ifPresent(old -> sessions.revoke(old, BY));
        cookies.setSession(ctx, in.issued().token());
        pages.redirect(ctx, returnTo.isEmpty() ? home() : returnTo);
      }
      case LoginResult.MfaRequired m ->
          codePage(ctx, 200, new CodeView(m.challenge(), returnTo, false, Optional.empty()));
      case LoginResult.InvalidCredentials bad ->
          fail(ctx, 401, username, returnTo, pages.messages().text("login.invalid"));
      case LoginResult.MfaInvalid bad ->
          fail(ctx, 401, username, returnTo, pages.messages().text("login.invalid"));
      case LoginResult.Throttled t ->
          fail(
              ctx,
              429,
              username,
              returnTo,
              pages.messages().text("login.throttled", pages.messages().seconds(t.retryAfter())));
      case LoginResult.PasswordChangeRequired p ->
          fail(ctx, 403, username, returnTo, pages.messages().text("login.passwordChange"));
    }
  }

  private void fail(Context ctx, int status, String username, String returnTo, String why) {
    if (status == 429) {
      ctx.header("Retry-After", "1");
    }
    login(ctx, status, new LoginView(username, returnTo, Optional.empty(), Optional.of(why)));
  }

  private void login(Context ctx, int status, LoginView view) {
    pages.render(ctx, status, "login.jte", view, Optional.empty(), Optional.empty());
  }

  private void codePage(Context ctx, int status, CodeView view) {
    pages.render(ctx, status, "code.jte", view, Optional.empty(), Optional.empty());
  }

  /**
   * The plain words for {@code ?reason=}: the verdict's message with this node's default timeouts
   * (the application that sent the person here knows the exact verdict; the pages' own sessions use
   * these defaults). Reasons that do not end a session, and unknown ones, say nothing.
   */
  private Optional<String> reasonText(Context ctx) {
    String raw = param(ctx, "reason");
    Optional<Reason> reason =
        java.util.Arrays.stream(Reason.values()).filter(r -> r.name().equals(raw)).findFirst();
    if (reason.isEmpty()) {
      return Optional.empty();
    }
    SessionPolicy policy = sessions.policy();
    return switch (reason.get()) {
      case REVOKED -> Optional.of(pages.messages().text("login.reasonRevoked"));
      case EXPIRED_IDLE ->
          Optional.of(VerdictMessages.of(Reason.EXPIRED_IDLE, facts(policy.idleTimeout())));
      case EXPIRED_ABSOLUTE ->
          Optional.of(VerdictMessages.of(Reason.EXPIRED_ABSOLUTE, facts(policy.absoluteTimeout())));
      case MALFORMED,
          TAMPERED,
          KEY_RETIRED,
          UNKNOWN_SESSION,
          SUPERSEDED,
          TOKEN_REUSED,
          CONTEXT_MISMATCH ->
          Optional.of(VerdictMessages.of(reason.get(), VerdictMessages.Facts.none()));
      case STEP_UP_REQUIRED, FORBIDDEN, THROTTLED -> Optional.empty();
    };
  }

  private static VerdictMessages.Facts facts(Duration timeout) {
    return new VerdictMessages.Facts(timeout, RevocationCause.ADMIN, List.of());
  }

  /** A query parameter, empty when absent; only the first of repeated ones counts. */
  private static String param(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null || v.length() > ReturnTo.MAX_LENGTH ? "" : v;
  }

  /** A form field, empty when absent. */
  private static String form(Context ctx, String name) {
    String v = ctx.formParam(name);
    return v == null ? "" : v;
  }
}
