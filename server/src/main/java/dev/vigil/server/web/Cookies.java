package dev.vigil.server.web;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * The two cookies of the web pages (OWASP ASVS 5.0 V3.3 "cookie setup"): the browser session
 * ({@code __Host-vigil-session}, a Vigil session token) and the form nonce ({@code
 * __Host-vigil-csrf}, see {@link FormGuard}). Both are {@code Secure}, {@code HttpOnly}, {@code
 * SameSite=Lax}, {@code Path=/} and have no {@code Domain}, as the {@code __Host-} prefix demands,
 * and no expiry: they end with the browser session, and the Vigil session has its own timeouts.
 *
 * <p>With {@code dev_insecure_cookies} ({@code VIGIL_DEV_INSECURE_COOKIES=true}) they drop {@code
 * Secure} and the prefix ({@code vigil-session}, {@code vigil-csrf}) so that a browser keeps them
 * over plain HTTP on localhost; for development only.
 */
final class Cookies {
  /** The longest cookie value read; a Vigil token is at most 200 characters. */
  private static final int MAX_VALUE = 512;

  private final boolean insecure;

  Cookies(boolean insecure) {
    this.insecure = insecure;
  }

  /** The name of the session cookie. */
  String sessionName() {
    return name("vigil-session");
  }

  /** The name of the form nonce cookie. */
  String nonceName() {
    return name("vigil-csrf");
  }

  /** The session token the browser sent, if any. */
  Optional<String> session(Context ctx) {
    return read(ctx, sessionName());
  }

  /** The form nonce the browser sent, if any. */
  Optional<String> nonce(Context ctx) {
    return read(ctx, nonceName());
  }

  /** Sets (or replaces) the session cookie. */
  void setSession(Context ctx, String token) {
    set(ctx, sessionName(), token, false);
  }

  /** Sets the form nonce cookie. */
  void setNonce(Context ctx, String nonce) {
    set(ctx, nonceName(), nonce, false);
  }

  /** Tells the browser to forget the session cookie. */
  void clearSession(Context ctx) {
    set(ctx, sessionName(), "", true);
  }

  private String name(String base) {
    return insecure ? base : "__Host-" + base;
  }

  private static Optional<String> read(Context ctx, String name) {
    String v = ctx.cookie(name);
    if (v == null || v.isEmpty() || v.length() > MAX_VALUE) {
      return Optional.empty();
    }
    return Optional.of(v);
  }

  private void set(Context ctx, String name, String value, boolean expire) {
    // written by hand: every attribute in one place, and SameSite without depending on the
    // servlet container's cookie support
    ctx.res()
        .addHeader(
            "Set-Cookie",
            name
                + "="
                + value
                + "; Path=/"
                + (insecure ? "" : "; Secure")
                + "; HttpOnly; SameSite=Lax"
                + (expire ? "; Max-Age=0" : ""));
  }
}
