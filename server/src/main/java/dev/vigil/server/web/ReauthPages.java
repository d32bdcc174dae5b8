package dev.vigil.server.web;

import dev.vigil.account.LoginResult;
import dev.vigil.account.MfaService;
import dev.vigil.account.PasswordPolicy;
import dev.vigil.account.SignIn;
import dev.vigil.client.ClientContext;
import dev.vigil.id.UserId;
import dev.vigil.server.api.SignInRoutes;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Step-up ({@code GET/POST /reauth?return_to=}): the signed-in person enters the password again,
 * and a TOTP or recovery code too when the account has TOTP, and is sent back to {@code return_to}
 * (same-origin paths only, {@link ReturnTo}). Reached from the account pages' sensitive actions
 * ({@link AccountGate#fresh}) or from an application whose verify answered {@code
 * STEP_UP_REQUIRED}. It is the API's own step-up ({@link SignIn#stepUp}, as {@code POST
 * /v1/auth/step-up}): the per-address limit first, then the per-account throttle, a fresh {@code
 * auth_time} (AAL 2 with a code), both timeouts restarted and the token rotated, the new one
 * replacing the cookie (NIST SP 800-63B-4 section 5.2; OWASP ASVS 5.0 V7.5.1). Every failure reads
 * alike. A visitor who is not signed in is sent to sign in, which is as fresh as a step-up.
 */
final class ReauthPages {
  private static final int MAX_CODE = 64;

  private final Pages pages;
  private final Cookies cookies;
  private final BrowserSessions browser;
  private final SignIn signIn;
  private final MfaService mfa;
  private final SignInRoutes.AddressLimits limits;

  ReauthPages(Pages pages, Cookies cookies, BrowserSessions browser, WebPages.Parts parts) {
    this.pages = pages;
    this.cookies = cookies;
    this.browser = browser;
    this.signIn = parts.accounts().signIn();
    this.mfa = parts.accounts().mfa();
    this.limits = parts.limits();
  }

  void show(Context ctx) {
    String returnTo = returnTo(Optional.ofNullable(ctx.queryParam("return_to")).orElse(""));
    Optional<BrowserSessions.Current.SignedIn> in = signedIn(ctx, returnTo);
    if (in.isPresent()) {
      page(ctx, 200, in.get(), returnTo, Optional.empty());
    }
  }

  void submit(Context ctx) {
    String returnTo = returnTo(form(ctx, "return_to"));
    Optional<BrowserSessions.Current.SignedIn> found = signedIn(ctx, returnTo);
    if (found.isEmpty() || !pages.genuine(ctx, Optional.of(found.get().session().id()))) {
      return;
    }
    BrowserSessions.Current.SignedIn in = found.get();
    Optional<UserId> user = AccountGate.user(in.session());
    if (user.isEmpty()) {
      pages.error(ctx, 404, pages.messages().text("error.notAnAccount"));
      return;
    }
    boolean totp = mfa.enrolled(user.get());
    String password = form(ctx, "password");
    String code = form(ctx, "code").strip().replace(" ", "");
    if (password.getBytes(StandardCharsets.UTF_8).length > PasswordPolicy.MAX_BYTES
        || code.length() > MAX_CODE) {
      page(ctx, 400, in, returnTo, Optional.of(pages.messages().text("reauth.tooLong")));
      return;
    }
    if (password.isEmpty() || totp && code.isEmpty()) {
      String key = totp ? "reauth.missingBoth" : "reauth.missing";
      page(ctx, 400, in, returnTo, Optional.of(pages.messages().text(key)));
      return;
    }
    ClientContext client = BrowserSessions.client(ctx);
    Optional<Duration> wait = limits.wait(client);
    SignIn.StepUp result =
        wait.isPresent()
            ? new SignIn.StepUp.Failed(new LoginResult.Throttled(wait.get()))
            : signIn.stepUp(
                in.token(),
                Optional.of(password),
                totp ? Optional.of(code) : Optional.empty(),
                client,
                SignInPages.BY);
    answer(ctx, in, returnTo, result);
  }

  private void answer(
      Context ctx, BrowserSessions.Current.SignedIn in, String returnTo, SignIn.StepUp result) {
    switch (result) {
      case SignIn.StepUp.Done d -> {
        cookies.setSession(ctx, d.issued().token());
        pages.redirect(ctx, returnTo);
      }
      case SignIn.StepUp.TokenRefused r -> {
        cookies.clearSession(ctx);
        pages.redirect(
            ctx,
            pages.url(
                "/login?reason="
                    + r.verdict().reason().name()
                    + "&return_to="
                    + Pages.encode(returnTo)));
      }
      case SignIn.StepUp.Failed f when f.result() instanceof LoginResult.Throttled t -> {
        ctx.header("Retry-After", Long.toString(Math.max(1, t.retryAfter().toSeconds())));
        String wait = pages.messages().seconds(t.retryAfter());
        page(ctx, 429, in, returnTo, Optional.of(pages.messages().text("login.throttled", wait)));
      }
      case SignIn.StepUp.Failed f ->
          page(ctx, 401, in, returnTo, Optional.of(pages.messages().text("reauth.invalid")));
      case SignIn.StepUp.Contended c ->
          page(ctx, 409, in, returnTo, Optional.of(pages.messages().text("reauth.contended")));
    }
  }

  /**
   * The session, or empty after sending the visitor to sign in (then straight on to {@code
   * returnTo}: a sign-in is as fresh as a step-up) or answering the throttle's page.
   */
  private Optional<BrowserSessions.Current.SignedIn> signedIn(Context ctx, String returnTo) {
    switch (browser.current(ctx)) {
      case BrowserSessions.Current.SignedIn in -> {
        return Optional.of(in);
      }
      case BrowserSessions.Current.Throttled t -> pages.error(ctx, 429, t.verdict().message());
      case BrowserSessions.Current.SignedOut out -> {
        String reason = out.why().map(v -> "reason=" + v.reason().name() + "&").orElse("");
        pages.redirect(ctx, pages.url("/login?" + reason + "return_to=" + Pages.encode(returnTo)));
      }
    }
    return Optional.empty();
  }

  private void page(
      Context ctx,
      int status,
      BrowserSessions.Current.SignedIn in,
      String returnTo,
      Optional<String> error) {
    boolean totp = AccountGate.user(in.session()).map(mfa::enrolled).orElse(false);
    pages.render(
        ctx,
        status,
        "reauth.jte",
        new ReauthView(returnTo, totp, error),
        Optional.of(in.session().id()),
        Optional.empty());
  }

  /** The checked {@code return_to}, or the sessions page. */
  private String returnTo(String raw) {
    return ReturnTo.or(raw, pages.url("/account/sessions"));
  }

  private static String form(Context ctx, String name) {
    String v = ctx.formParam(name);
    return v == null ? "" : v;
  }
}
