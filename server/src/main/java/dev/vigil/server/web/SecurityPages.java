package dev.vigil.server.web;

import dev.vigil.account.MfaService;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * "Security" ({@code GET /account/security}): the way to change the password, whether an
 * authenticator app is on (with the way to add or remove it), and the account's recent security
 * events in plain words ({@link SecurityEvents}). Showing it needs only a signed-in session; each
 * change it leads to asks for a recent authentication ({@link AccountGate#fresh}).
 */
final class SecurityPages {
  static final String PATH = "/account/security";

  private final Pages pages;
  private final AccountGate gate;
  private final MfaService mfa;
  private final SecurityEvents events;

  SecurityPages(Pages pages, AccountGate gate, WebPages.Parts parts) {
    this.pages = pages;
    this.gate = gate;
    this.mfa = parts.accounts().mfa();
    this.events = new SecurityEvents(parts.events(), pages.messages());
  }

  void show(Context ctx) {
    Optional<BrowserSessions.Current.SignedIn> in = gate.signedIn(ctx, PATH);
    if (in.isEmpty()) {
      return;
    }
    boolean totp = AccountGate.user(in.get().session()).map(mfa::enrolled).orElse(false);
    SecurityView view =
        new SecurityView(totp, notice(ctx), events.of(in.get().session().subject()));
    gate.render(ctx, 200, "security.jte", view, in.get());
  }

  private Optional<String> notice(Context ctx) {
    String changed = Optional.ofNullable(ctx.queryParam("changed")).orElse("");
    String ended = Optional.ofNullable(ctx.queryParam("ended")).orElse("");
    int count = ended.matches("[0-9]{1,6}") ? Integer.parseInt(ended) : 0;
    return switch (changed) {
      case "password" -> Optional.of(pages.messages().text("security.passwordChanged", count));
      case "totp-added" -> Optional.of(pages.messages().text("security.totpAdded"));
      case "totp-removed" -> Optional.of(pages.messages().text("security.totpRemoved"));
      default -> Optional.empty();
    };
  }
}
