package dev.vigil.server.api;

import dev.vigil.server.notify.NotMe;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;

/**
 * The page behind the "this wasn't me" link of new-device mails. {@code GET /notice/not-me?t=} only
 * shows what the link will do, so a mail scanner that fetches links ends nothing; the form's {@code
 * POST /notice/not-me} uses the link. No API key: the signed, single-use link is the authority.
 * Pages are sent with {@code Referrer-Policy: no-referrer}, {@code Cache-Control: no-store} and a
 * CSP that allows nothing but the form.
 */
public final class NoticeRoutes {
  private static final int MAX_TOKEN = 512;

  private final NotMe notMe;

  public NoticeRoutes(NotMe notMe) {
    this.notMe = notMe;
  }

  /** Adds the routes. */
  public void register(RoutesConfig config) {
    Endpoints routes = new Endpoints(config);
    routes.get("/notice/not-me", this::look, "t");
    routes.post("/notice/not-me", this::use);
  }

  private void look(Context ctx) {
    String token = token(ctx, ctx.queryParam("t"));
    if (token == null) {
      return;
    }
    switch (notMe.look(token)) {
      case NotMe.Outcome.Valid v ->
          page(
              ctx,
              200,
              "Wasn't you?",
              "<p>Someone signed in to your account from a device we had not seen before. If it"
                  + " wasn't you, end that session now. You will be asked for your second factor"
                  + " the next time you sign in.</p>"
                  + "<form method=\"post\" action=\"/notice/not-me\">"
                  + "<input type=\"hidden\" name=\"t\" value=\""
                  + escape(token)
                  + "\"><button type=\"submit\" id=\"end-session\">End that session</button>"
                  + "</form>");
      case NotMe.Outcome other -> answer(ctx, other);
    }
  }

  private void use(Context ctx) {
    String type = ctx.contentType() == null ? "" : ctx.contentType();
    if (!type.startsWith("application/x-www-form-urlencoded")) {
      page(ctx, 415, "Unsupported form", "<p>Please use the button on the previous page.</p>");
      return;
    }
    String token = token(ctx, ctx.formParam("t"));
    if (token != null) {
      answer(ctx, notMe.use(token));
    }
  }

  private void answer(Context ctx, NotMe.Outcome outcome) {
    switch (outcome) {
      case NotMe.Outcome.Ended e ->
          page(
              ctx,
              200,
              "Session ended",
              "<p id=\"done\">Done: that session is ended"
                  + (e.wasLive() ? "" : " (it had already ended)")
                  + ". We have recorded your report. The next time you sign in you will be asked"
                  + " for your second factor. If you think somebody knows your password, change"
                  + " it now.</p>");
      case NotMe.Outcome.Used u ->
          page(
              ctx,
              410,
              "Link already used",
              "<p>This link was used already, so that session is ended. Nothing more to do.</p>");
      case NotMe.Outcome.Expired x ->
          page(
              ctx,
              410,
              "Link expired",
              "<p>This link expired at "
                  + escape(x.at().toString())
                  + ". If you still think someone else signed in, sign in and end your other"
                  + " sessions, or contact your administrator.</p>");
      case NotMe.Outcome.Invalid i -> invalid(ctx);
      case NotMe.Outcome.Valid v -> invalid(ctx);
    }
  }

  private static String token(Context ctx, String t) {
    if (t == null || t.isEmpty() || t.length() > MAX_TOKEN) {
      invalid(ctx);
      return null;
    }
    return t;
  }

  private static void invalid(Context ctx) {
    page(
        ctx,
        400,
        "Link not valid",
        "<p>This link is not valid. Copy the whole link from the e-mail, or contact your"
            + " administrator.</p>");
  }

  private static void page(Context ctx, int status, String title, String body) {
    String html =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>"
            + escape(title)
            + " · Vigil</title></head><body><main><h1>"
            + escape(title)
            + "</h1>"
            + body
            + "</main></body></html>";
    ctx.status(status)
        .contentType("text/html; charset=utf-8")
        .header("Cache-Control", "no-store")
        .header("Referrer-Policy", "no-referrer")
        .header("X-Content-Type-Options", "nosniff")
        .header(
            "Content-Security-Policy",
            "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
        .result(html.getBytes(StandardCharsets.UTF_8));
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
