package dev.vigil.server.web;

import io.javalin.http.Context;

/**
 * The security headers every page and asset carries (OWASP ASVS 5.0 V3.4 "browser security
 * mechanism headers"):
 *
 * <ul>
 *   <li>{@code Content-Security-Policy} (V3.4.3): scripts, styles and images from Vigil only, no
 *       inline script or style, no plugins ({@code object-src 'none'}), forms only to Vigil, {@code
 *       frame-ancestors 'none'} (no framing, against clickjacking) and {@code base-uri 'none'};
 *   <li>{@code X-Content-Type-Options: nosniff};
 *   <li>{@code Referrer-Policy: same-origin}: a URL (with its {@code return_to}) never leaves for
 *       another site; unlike {@code no-referrer} it keeps the {@code Origin} header of same-origin
 *       form posts, which the {@link FormGuard} checks;
 *   <li>{@code Cache-Control: no-store} on every page (they show or ask for account data; ASVS
 *       V14.3), assets excepted;
 *   <li>{@code Strict-Transport-Security} when the pages are served over TLS (Vigil's own, or a
 *       {@code public_url} starting with {@code https://}).
 * </ul>
 */
final class PageHeaders {
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; form-action 'self'; frame-ancestors 'none';"
          + " base-uri 'none'";

  private final boolean tls;

  /**
   * @param tls whether people reach the pages over HTTPS (then HSTS is sent)
   */
  PageHeaders(boolean tls) {
    this.tls = tls;
  }

  /** The headers of a page: all of the above. */
  void page(Context ctx) {
    common(ctx);
    ctx.header("Cache-Control", "no-store");
  }

  /** The headers of a static asset: all of the above but {@code no-store}. */
  void asset(Context ctx) {
    common(ctx);
    ctx.header("Cache-Control", "public, max-age=3600");
  }

  private void common(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (tls) {
      ctx.header("Strict-Transport-Security", "max-age=31536000");
    }
  }
}
