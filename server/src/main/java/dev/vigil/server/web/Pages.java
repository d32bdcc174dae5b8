package dev.vigil.server.web;

import dev.vigil.id.SessionId;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Renders pages from the precompiled templates, with the headers of {@link PageHeaders}, a form
 * token for the browser's nonce (set when it has none), and the answers every page shares: a
 * redirect, an error page, and the refusal of a forged form. Thread-safe.
 */
final class Pages {
  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);
  private final Messages messages;
  private final String base;
  private final PageHeaders headers;
  private final FormGuard guard;
  private final Cookies cookies;

  Pages(Messages messages, String base, PageHeaders headers, FormGuard guard, Cookies cookies) {
    this.messages = messages;
    this.base = base;
    this.headers = headers;
    this.guard = guard;
    this.cookies = cookies;
  }

  Messages messages() {
    return messages;
  }

  PageHeaders headers() {
    return headers;
  }

  /** The address of a page under the prefix. */
  String url(String path) {
    return base + path;
  }

  /**
   * Renders {@code template} with {@code view} for a browser whose session is {@code session}
   * (signed in as {@code who}), with status {@code status}.
   */
  void render(
      Context ctx,
      int status,
      String template,
      Object view,
      Optional<SessionId> session,
      Optional<String> who) {
    String nonce =
        cookies
            .nonce(ctx)
            .filter(FormGuard::wellFormed)
            .orElseGet(
                () -> {
                  String fresh = guard.newNonce();
                  cookies.setNonce(ctx, fresh);
                  return fresh;
                });
    PageModel page = new PageModel(messages, base, guard.token(nonce, session), who);
    StringOutput out = new StringOutput();
    engine.render(template, Map.of("page", page, "view", view), out);
    headers.page(ctx);
    ctx.status(status).html(out.toString());
  }

  /** A page that says what went wrong, for a browser that is not signed in. */
  void error(Context ctx, int status, String message) {
    render(ctx, status, "error.jte", new ErrorView(message), Optional.empty(), Optional.empty());
  }

  /** 303 See Other to {@code location} (a path on this origin). */
  void redirect(Context ctx, String location) {
    headers.page(ctx);
    ctx.status(303).header("Location", location);
  }

  /**
   * Whether a form post is genuine: from the pages' origin, with the token for the browser's nonce
   * and {@code session}; if not, answers 403 with a page that says which check failed.
   */
  boolean genuine(Context ctx, Optional<SessionId> session) {
    if (!guard.sameOrigin(ctx)) {
      error(ctx, 403, messages.text("error.forbiddenOrigin"));
      return false;
    }
    Optional<String> nonce = cookies.nonce(ctx);
    String token = Optional.ofNullable(ctx.formParam(FormGuard.FIELD)).orElse("");
    if (nonce.isEmpty() || !guard.valid(token, nonce.get(), session)) {
      error(ctx, 403, messages.text("error.forbiddenToken"));
      return false;
    }
    return true;
  }

  /** {@code text} percent-encoded for a query parameter. */
  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
