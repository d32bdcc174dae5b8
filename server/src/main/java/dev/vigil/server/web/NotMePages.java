package dev.vigil.server.web;

import dev.vigil.server.notify.NotMe;
import io.javalin.http.Context;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The page behind the "this wasn't me" link of new-device mails, in the pages' own look. {@code GET
 * /notice/not-me?t=} only shows what the link will do, so a mail scanner that fetches links ends
 * nothing; its form's {@code POST /notice/not-me} uses the link ({@link NotMe#use}: the session
 * ends as suspected theft, a {@code not_me} report is filed, the account must step up). The signed,
 * single-use link is the authority, so neither a sign-in nor the form token is asked for: a forger
 * would need the link itself. The mail's design puts that secret in the address, which OWASP ASVS
 * 5.0 V14.2.1 warns of, so these pages carry {@code Referrer-Policy: no-referrer} instead of {@code
 * same-origin} (no request from the page passes the link on), besides the other headers of {@link
 * PageHeaders}.
 */
final class NotMePages {
  static final String PATH = "/notice/not-me";
  private static final int MAX_TOKEN = 512;
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final Pages pages;
  private final NotMe notMe;

  NotMePages(Pages pages, NotMe notMe) {
    this.pages = pages;
    this.notMe = notMe;
  }

  void look(Context ctx) {
    Optional<String> token = token(ctx.queryParam("t"));
    if (token.isEmpty()) {
      invalid(ctx);
      return;
    }
    switch (notMe.look(token.get())) {
      case NotMe.Outcome.Valid v -> page(ctx, 200, new NotMeView(Optional.of(token.get()), ""));
      case NotMe.Outcome other -> answer(ctx, other);
    }
  }

  void use(Context ctx) {
    String type = Optional.ofNullable(ctx.contentType()).orElse("");
    if (!type.startsWith("application/x-www-form-urlencoded")) {
      page(ctx, 415, new NotMeView(Optional.empty(), text("notMe.unsupported")));
      return;
    }
    Optional<String> token = token(ctx.formParam("t"));
    if (token.isEmpty()) {
      invalid(ctx);
      return;
    }
    answer(ctx, notMe.use(token.get()));
  }

  private void answer(Context ctx, NotMe.Outcome outcome) {
    switch (outcome) {
      case NotMe.Outcome.Ended e ->
          page(
              ctx,
              200,
              new NotMeView(
                  Optional.empty(), text(e.wasLive() ? "notMe.ended" : "notMe.endedBefore")));
      case NotMe.Outcome.Used u ->
          page(ctx, 410, new NotMeView(Optional.empty(), text("notMe.used")));
      case NotMe.Outcome.Expired x ->
          page(
              ctx,
              410,
              new NotMeView(Optional.empty(), text("notMe.expired", SHOWN.format(x.at()))));
      case NotMe.Outcome.Invalid i -> invalid(ctx);
      case NotMe.Outcome.Valid v -> invalid(ctx); // use() never answers Valid
    }
  }

  private void invalid(Context ctx) {
    page(ctx, 400, new NotMeView(Optional.empty(), text("notMe.invalid")));
  }

  private void page(Context ctx, int status, NotMeView view) {
    pages.render(ctx, status, "notme.jte", view, Optional.empty(), Optional.empty());
    ctx.header("Referrer-Policy", "no-referrer");
  }

  private String text(String key, Object... args) {
    return pages.messages().text(key, args);
  }

  private static Optional<String> token(String t) {
    return Optional.ofNullable(t).filter(s -> !s.isEmpty() && s.length() <= MAX_TOKEN);
  }
}
