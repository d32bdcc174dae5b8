package dev.vigil.server.web;

import dev.vigil.account.MfaService;
import dev.vigil.account.Reauthenticated;
import dev.vigil.id.UserId;
import dev.vigil.server.account.QrSvg;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adding and removing the authenticator app (TOTP), as the API's {@code /v1/users/{id}/totp} calls
 * do it ({@link MfaService}): {@code POST /account/totp} starts the enrolment and shows the QR code
 * ({@link QrSvg}, as an image) and the secret, {@code POST /account/totp/confirm} checks a first
 * code and shows the ten recovery codes once, {@code GET/POST /account/totp/remove} removes it.
 * Starting and removing need an authentication within five minutes ({@link AccountGate#fresh};
 * OWASP ASVS 5.0 V7.5.1: full re-authentication before a change of the MFA configuration); every
 * code attempt is throttled with the account's sign-in failures (NIST SP 800-63B-4 section 3.2.2).
 * The secret is never logged, stored only sealed, and round-trips in the confirmation form only so
 * that a mistyped code does not make the person scan a new one.
 */
final class TotpPages {
  static final String PATH = "/account/totp";
  private static final String REMOVE = "/account/totp/remove";

  /** {@code otpauth://totp/<label>?secret=<base32>&...}, as {@link MfaService#enrol} writes it. */
  private static final Pattern OTPAUTH =
      Pattern.compile(
          "otpauth://totp/[A-Za-z0-9%._~*:-]{1,300}\\?secret=([A-Z2-7]{16,64})&[ -~]{1,200}");

  private final Pages pages;
  private final AccountGate gate;
  private final MfaService mfa;

  TotpPages(Pages pages, AccountGate gate, WebPages.Parts parts) {
    this.pages = pages;
    this.gate = gate;
    this.mfa = parts.accounts().mfa();
  }

  /** {@code GET /account/totp}: the button that starts the enrolment (after a step-up). */
  void show(Context ctx) {
    Optional<BrowserSessions.Current.SignedIn> in = gate.signedIn(ctx, PATH);
    if (in.isEmpty() || gate.fresh(ctx, in.get(), PATH).isEmpty()) {
      return;
    }
    if (AccountGate.user(in.get().session()).map(mfa::enrolled).orElse(false)) {
      pages.redirect(ctx, pages.url(SecurityPages.PATH));
      return;
    }
    ConfirmView view =
        new ConfirmView(
            pages.messages().text("totp.startTitle"),
            pages.messages().text("totp.startText"),
            pages.url(PATH),
            pages.messages().text("totp.start"),
            "start-totp",
            pages.url(SecurityPages.PATH));
    gate.render(ctx, 200, "confirm.jte", view, in.get());
  }

  /** {@code POST /account/totp}: a new secret, shown as a QR code and as text. */
  void start(Context ctx) {
    Optional<BrowserSessions.Current.SignedIn> in = gate.signedIn(ctx, PATH);
    if (in.isEmpty() || !pages.genuine(ctx, Optional.of(in.get().session().id()))) {
      return;
    }
    Optional<Reauthenticated> proof = gate.fresh(ctx, in.get(), PATH);
    if (proof.isEmpty()) {
      return;
    }
    switch (mfa.enrol(proof.get())) {
      case MfaService.Enrolling.Offered o ->
          offer(ctx, 200, in.get(), o.offer().otpauthUri(), Optional.empty());
      case MfaService.Enrolling.AlreadyConfirmed a ->
          pages.redirect(ctx, pages.url(SecurityPages.PATH));
      case MfaService.Enrolling.NoSuchUser n ->
          pages.error(ctx, 404, pages.messages().text("error.notAnAccount"));
    }
  }

  /** {@code POST /account/totp/confirm}: the first code; the recovery codes, once. */
  void confirm(Context ctx) {
    Optional<BrowserSessions.Current.SignedIn> found = gate.signedIn(ctx, PATH);
    if (found.isEmpty() || !pages.genuine(ctx, Optional.of(found.get().session().id()))) {
      return;
    }
    BrowserSessions.Current.SignedIn in = found.get();
    Optional<UserId> id = AccountGate.user(in.session());
    String uri = Optional.ofNullable(ctx.formParam("otpauth")).orElse("");
    if (id.isEmpty() || !OTPAUTH.matcher(uri).matches()) {
      pages.error(ctx, 400, pages.messages().text("error.badRequest", "otpauth"));
      return;
    }
    String code = Optional.ofNullable(ctx.formParam("code")).orElse("").replace(" ", "").strip();
    if (code.isEmpty() || code.length() > 16) {
      offer(ctx, 400, in, uri, Optional.of(pages.messages().text("totp.codeMissing")));
      return;
    }
    switch (mfa.confirm(id.get(), code)) {
      case MfaService.Confirming.Confirmed c ->
          gate.render(ctx, 200, "recovery.jte", new RecoveryView(c.recoveryCodes()), in);
      case MfaService.Confirming.InvalidCode bad ->
          offer(ctx, 400, in, uri, Optional.of(pages.messages().text("totp.codeWrong")));
      case MfaService.Confirming.Throttled t -> {
        ctx.header("Retry-After", Long.toString(Math.max(1, t.retryAfter().toSeconds())));
        String wait = pages.messages().seconds(t.retryAfter());
        offer(ctx, 429, in, uri, Optional.of(pages.messages().text("login.throttled", wait)));
      }
      case MfaService.Confirming.NotEnrolled n ->
          gate.render(
              ctx, 409, "error.jte", new ErrorView(pages.messages().text("totp.notStarted")), in);
    }
  }

  /** {@code GET /account/totp/remove}: asks before removing (after a step-up). */
  void confirmRemove(Context ctx) {
    Optional<BrowserSessions.Current.SignedIn> in = gate.signedIn(ctx, REMOVE);
    if (in.isEmpty() || gate.fresh(ctx, in.get(), REMOVE).isEmpty()) {
      return;
    }
    ConfirmView view =
        new ConfirmView(
            pages.messages().text("totp.removeTitle"),
            pages.messages().text("totp.removeText"),
            pages.url(REMOVE),
            pages.messages().text("totp.remove"),
            "remove-totp",
            pages.url(SecurityPages.PATH));
    gate.render(ctx, 200, "confirm.jte", view, in.get());
  }

  /** {@code POST /account/totp/remove}. */
  void remove(Context ctx) {
    Optional<BrowserSessions.Current.SignedIn> in = gate.signedIn(ctx, REMOVE);
    if (in.isEmpty() || !pages.genuine(ctx, Optional.of(in.get().session().id()))) {
      return;
    }
    Optional<Reauthenticated> proof = gate.fresh(ctx, in.get(), REMOVE);
    if (proof.isPresent()) {
      mfa.remove(proof.get(), BrowserSessions.client(ctx));
      pages.redirect(ctx, pages.url(SecurityPages.PATH + "?changed=totp-removed"));
    }
  }

  private void offer(
      Context ctx,
      int status,
      BrowserSessions.Current.SignedIn in,
      String uri,
      Optional<String> error) {
    Matcher m = OTPAUTH.matcher(uri);
    String secret = m.matches() ? m.group(1) : "";
    String qr =
        "data:image/svg+xml;base64,"
            + Base64.getEncoder().encodeToString(QrSvg.of(uri).getBytes(StandardCharsets.UTF_8));
    gate.render(ctx, status, "totp.jte", new TotpView(uri, qr, grouped(secret), error), in);
  }

  /** The secret in groups of four, easier to type. */
  private static String grouped(String secret) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < secret.length(); i += 4) {
      out.append(i == 0 ? "" : " ").append(secret, i, Math.min(secret.length(), i + 4));
    }
    return out.toString();
  }
}
