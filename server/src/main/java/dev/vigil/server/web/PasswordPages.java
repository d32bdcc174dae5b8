package dev.vigil.server.web;

import dev.vigil.account.AccountService;
import dev.vigil.account.LoginResult;
import dev.vigil.account.MfaService;
import dev.vigil.account.PasswordChange;
import dev.vigil.account.PasswordPolicy;
import dev.vigil.id.UserId;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Changing the password ({@code GET/POST /account/password}): the current password, the new one
 * twice. It is the API's {@link AccountService#changePassword} ({@code POST
 * /v1/users/{id}/password}): the current password always checked and throttled like a sign-in
 * (OWASP ASVS 5.0 V6.2.3), the server's policy and strength check (NIST SP 800-63B-4 section
 * 3.1.1.2: length, no composition rules, not common or guessable, whose words are shown when it
 * refuses), and every other session of the account ended with cause {@code PASSWORD_CHANGED}, this
 * browser's kept. Opening the page needs an authentication within five minutes ({@link
 * AccountGate#fresh}).
 */
final class PasswordPages {
  static final String PATH = "/account/password";

  private final Pages pages;
  private final AccountGate gate;
  private final AccountService accounts;
  private final MfaService mfa;
  private final PasswordPolicy policy;

  PasswordPages(Pages pages, AccountGate gate, WebPages.Parts parts) {
    this.pages = pages;
    this.gate = gate;
    this.accounts = parts.accounts().accounts();
    this.mfa = parts.accounts().mfa();
    this.policy = parts.passwordPolicy();
  }

  void show(Context ctx) {
    Optional<BrowserSessions.Current.SignedIn> in = gate.signedIn(ctx, PATH);
    if (in.isEmpty() || gate.fresh(ctx, in.get(), PATH).isEmpty()) {
      return;
    }
    form(ctx, 200, in.get(), Optional.empty(), "");
  }

  void submit(Context ctx) {
    Optional<BrowserSessions.Current.SignedIn> found = gate.signedIn(ctx, PATH);
    if (found.isEmpty()
        || !pages.genuine(ctx, Optional.of(found.get().session().id()))
        || gate.fresh(ctx, found.get(), PATH).isEmpty()) {
      return;
    }
    BrowserSessions.Current.SignedIn in = found.get();
    UserId id = AccountGate.user(in.session()).orElseThrow(); // fresh() found the account
    String current = field(ctx, "current_password");
    String fresh = field(ctx, "new_password");
    String again = field(ctx, "new_password_again");
    if (tooLong(current) || tooLong(fresh) || tooLong(again)) {
      form(ctx, 400, in, error("password.tooLong", PasswordPolicy.MAX_BYTES), "new_password");
      return;
    }
    if (current.isEmpty() || fresh.isEmpty()) {
      form(ctx, 400, in, error("password.missing"), current.isEmpty() ? "current_password" : "");
      return;
    }
    if (!fresh.equals(again)) {
      form(ctx, 400, in, error("password.mismatch"), "new_password_again");
      return;
    }
    PasswordChange result =
        accounts.changePassword(
            id,
            current,
            Optional.of(in.token()),
            fresh,
            BrowserSessions.client(ctx),
            SignInPages.BY);
    switch (result) {
      case PasswordChange.Changed c ->
          pages.redirect(
              ctx, pages.url(SecurityPages.PATH + "?changed=password&ended=" + c.sessionsEnded()));
      case PasswordChange.Refused r ->
          form(ctx, 400, in, error("password.refused", r.why()), "new_password");
      case PasswordChange.Failed f when f.result() instanceof LoginResult.Throttled t -> {
        ctx.header("Retry-After", Long.toString(Math.max(1, t.retryAfter().toSeconds())));
        String wait = pages.messages().seconds(t.retryAfter());
        form(ctx, 429, in, error("login.throttled", wait), "current_password");
      }
      case PasswordChange.Failed f ->
          form(ctx, 401, in, error("password.currentWrong"), "current_password");
      case PasswordChange.NoSuchUser n ->
          pages.error(ctx, 404, pages.messages().text("error.notAnAccount"));
    }
  }

  private void form(
      Context ctx,
      int status,
      BrowserSessions.Current.SignedIn in,
      Optional<String> error,
      String invalid) {
    boolean totp = AccountGate.user(in.session()).map(mfa::enrolled).orElse(false);
    int min = totp ? policy.minLengthWithTotp() : policy.minLength();
    gate.render(ctx, status, "password.jte", new PasswordView(min, error, invalid), in);
  }

  private Optional<String> error(String key, Object... args) {
    return Optional.of(pages.messages().text(key, args));
  }

  private static boolean tooLong(String password) {
    return password.getBytes(StandardCharsets.UTF_8).length > PasswordPolicy.MAX_BYTES;
  }

  private static String field(Context ctx, String name) {
    String v = ctx.formParam(name);
    return v == null ? "" : v;
  }
}
