package dev.vigil.server.probe;

import dev.vigil.server.probe.ProbeHttp.Exchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web pages as a browser meets them: security headers, transport, cookie flags, a new session
 * on every sign-in, and sign-out. The checks that sign in use the probe's own account and skip
 * without one.
 */
final class PageChecks {
  /** HSTS shorter than a year is a warning (standards research, S-16). */
  private static final long HSTS_MIN_SECONDS = 31_536_000;

  private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");

  private PageChecks() {}

  /** {@code GET /login}, following a redirect that stays on the target; 200 expected. */
  static Exchange loginPage(PageVisitor browser) {
    Exchange r = browser.get("/login");
    if (r.status() / 100 == 3 && r.header("Location").isPresent()) {
      r = browser.http().follow(r, Map.of());
    }
    if (r.status() != 200) {
      throw new Deployment.Unexpected(r.line() + ", not the sign-in page");
    }
    return r;
  }

  /**
   * {@code page.headers}: the sign-in page carries a Content-Security-Policy without {@code
   * unsafe-inline} or {@code unsafe-eval} and with {@code frame-ancestors 'none'}, {@code
   * X-Content-Type-Options: nosniff} and {@code Cache-Control: no-store}. 1 request.
   */
  static final class Headers implements ProbeCheck {
    private static final Finding.Ref REF =
        Finding.Ref.of(
            "page.headers",
            "Security headers on the pages",
            "ASVS 5.0 V3 (web frontend security)",
            "ASVS 5.0 14.3.2");

    @Override
    public Finding.Ref ref() {
      return REF;
    }

    @Override
    public Finding run(Deployment target) {
      Exchange r = loginPage(new PageVisitor(target.http()));
      List<String> wrong = new ArrayList<>();
      String csp = r.header("Content-Security-Policy").orElse("");
      if (csp.isEmpty()) {
        wrong.add("no Content-Security-Policy");
      } else {
        if (csp.contains("unsafe-inline") || csp.contains("unsafe-eval")) {
          wrong.add("the CSP allows unsafe-inline or unsafe-eval");
        }
        if (!csp.replace(" ", "").contains("frame-ancestors'none'")) {
          wrong.add("the CSP lacks frame-ancestors 'none'");
        }
      }
      if (!r.header("X-Content-Type-Options").orElse("").equalsIgnoreCase("nosniff")) {
        wrong.add("no X-Content-Type-Options: nosniff");
      }
      if (!r.header("Cache-Control").orElse("").toLowerCase(Locale.ROOT).contains("no-store")) {
        wrong.add("no Cache-Control: no-store");
      }
      return REF.judge(
          wrong.isEmpty(),
          "GET /login",
          wrong.isEmpty()
              ? "CSP without unsafe-inline and with frame-ancestors 'none', nosniff, no-store"
              : String.join("; ", wrong));
    }
  }

  /**
   * {@code transport.hsts}: over HTTPS the pages send {@code Strict-Transport-Security} of at least
   * a year (1 request); plain HTTP fails unless the target is a loopback address (a development or
   * test node: skipped, no request).
   */
  static final class Transport implements ProbeCheck {
    private static final Finding.Ref REF =
        Finding.Ref.of(
            "transport.hsts", "HTTPS only, with HSTS", "ASVS 5.0 12.2.1", "NIST SP 800-63B-4 §5.1");

    @Override
    public Finding.Ref ref() {
      return REF;
    }

    @Override
    public Finding run(Deployment target) {
      Target t = target.http().target();
      if (!t.https()) {
        return t.loopback()
            ? REF.skip("nothing", "plain HTTP on a loopback address (a development or test node)")
            : REF.fail(
                "nothing",
                "plain HTTP to "
                    + t.host()
                    + ": API keys, passwords and tokens cross the network in clear");
      }
      Exchange r = loginPage(new PageVisitor(target.http()));
      Optional<String> hsts = r.header("Strict-Transport-Security");
      if (hsts.isEmpty()) {
        return REF.fail("GET /login over HTTPS", "no Strict-Transport-Security");
      }
      Matcher m = MAX_AGE.matcher(hsts.get().toLowerCase(Locale.ROOT));
      long age = m.find() ? Long.parseLong(m.group(1)) : 0;
      String seen = "Strict-Transport-Security: max-age=" + age;
      return age >= HSTS_MIN_SECONDS
          ? REF.pass("GET /login over HTTPS", seen)
          : REF.warn("GET /login over HTTPS", seen + ", shorter than a year");
    }
  }

  /**
   * {@code page.cookies}: the form nonce cookie of {@code GET /login} and the session cookie of a
   * sign-in are {@code HttpOnly}, {@code SameSite=Lax} or {@code Strict}, {@code Path=/}, without
   * {@code Domain}, {@code Secure} and named {@code __Host-}. Development cookies (no {@code
   * Secure}, no prefix) warn over plain HTTP on a loopback address and fail elsewhere. 1 request, 3
   * with the probe's account.
   */
  static final class Cookies implements ProbeCheck {
    private static final Finding.Ref REF =
        Finding.Ref.of(
            "page.cookies",
            "Cookie flags of the pages",
            "ASVS 5.0 3.3.1",
            "ASVS 5.0 3.3.2",
            "ASVS 5.0 3.3.3",
            "ASVS 5.0 3.3.4",
            "NIST SP 800-63B-4 §5.1.1");

    @Override
    public Finding.Ref ref() {
      return REF;
    }

    @Override
    public Finding run(Deployment target) {
      PageVisitor browser = new PageVisitor(target.http());
      List<String> set = new ArrayList<>(loginPage(browser).headers("Set-Cookie"));
      String sent = "GET /login";
      String note = "";
      switch (target.account()) {
        case Deployment.Account.Made made -> {
          Exchange in =
              browser.post(
                  "/login",
                  Map.of(
                      "csrf", browser.csrf(),
                      "username", made.user().username(),
                      "password", made.user().password()));
          sent += ", then sign in through POST /login";
          if (in.status() != 303) {
            throw new Deployment.Unexpected("POST /login with the probe's account: " + in.line());
          }
          set.addAll(in.headers("Set-Cookie"));
        }
        case Deployment.Account.Refused refused ->
            note = "; the session cookie was not seen: " + refused.why();
      }
      if (set.isEmpty()) {
        return REF.fail(sent, "no cookie was set");
      }
      Target t = target.http().target();
      List<String> wrong = new ArrayList<>();
      List<String> dev = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (String c : set) {
        String name = c.split("=", 2)[0].strip();
        names.add(name);
        List<String> attrs = attributes(c);
        if (!attrs.contains("httponly")) {
          wrong.add(name + " lacks HttpOnly");
        }
        if (!(attrs.contains("samesite=lax") || attrs.contains("samesite=strict"))) {
          wrong.add(name + " lacks SameSite=Lax or Strict");
        }
        if (!attrs.contains("path=/") || attrs.stream().anyMatch(a -> a.startsWith("domain="))) {
          wrong.add(name + " is not Path=/ without Domain");
        }
        if (!attrs.contains("secure") || !name.startsWith("__Host-")) {
          dev.add(name + " is not Secure and __Host-");
        }
      }
      String seen = String.join(", ", names);
      if (!wrong.isEmpty()) {
        return REF.fail(sent, String.join("; ", wrong) + note);
      }
      if (!dev.isEmpty()) {
        String why = String.join("; ", dev) + note;
        return !t.https() && t.loopback()
            ? REF.warn(sent, why + " (development cookies, acceptable on loopback only)")
            : REF.fail(sent, why);
      }
      return REF.pass(sent, seen + ": Secure, HttpOnly, SameSite, Path=/, __Host-" + note);
    }

    private static List<String> attributes(String setCookie) {
      String[] parts = setCookie.split(";");
      List<String> attrs = new ArrayList<>();
      for (int i = 1; i < parts.length; i++) {
        attrs.add(parts[i].strip().toLowerCase(Locale.ROOT));
      }
      return attrs;
    }
  }

  /**
   * {@code signin.fixation}: a sign-in never adopts a session cookie the browser brought. The probe
   * plants a made-up session cookie, signs in (the cookie must be replaced), signs in again with
   * the first session's cookie (replaced again), and verifies that the first session is refused and
   * the second valid. 5 requests.
   */
  static final class Fixation implements ProbeCheck {
    private static final Finding.Ref REF =
        Finding.Ref.of(
            "signin.fixation",
            "A new session on every sign-in (no fixation)",
            "ASVS 5.0 7.2.4",
            "NIST SP 800-63B-4 §5.1");

    @Override
    public Finding.Ref ref() {
      return REF;
    }

    @Override
    public Finding run(Deployment target) {
      String sent =
          "GET /login, a made-up session cookie planted, POST /login, POST /login again with the"
              + " new cookie, then verify both cookies' tokens";
      if (!(target.account() instanceof Deployment.Account.Made made)) {
        return REF.skip(sent, ((Deployment.Account.Refused) target.account()).why());
      }
      PageVisitor browser = new PageVisitor(target.http());
      loginPage(browser);
      String csrf = browser.csrf();
      String name = browser.sessionCookie();
      String planted =
          "vs1.probe0."
              + Deployment.random(35).substring(0, 70)
              + "."
              + Deployment.random(22).substring(0, 43);
      browser.cookies().put(name, planted);
      Map<String, String> form =
          Map.of(
              "csrf", csrf, "username", made.user().username(), "password", made.user().password());
      Exchange first = browser.post("/login", form);
      Optional<String> a = PageVisitor.setCookie(first, name).map(PageVisitor::value);
      Exchange second = browser.post("/login", form);
      Optional<String> b = PageVisitor.setCookie(second, name).map(PageVisitor::value);
      if (a.isEmpty() || b.isEmpty()) {
        return REF.fail(
            sent,
            "sign-ins answered "
                + first.status()
                + " and "
                + second.status()
                + (a.isEmpty() ? ", the first set no session cookie" : "")
                + (b.isEmpty() ? ", the second set no session cookie" : ""));
      }
      Deployment.Verdict before = target.verify(a.get());
      Deployment.Verdict after = target.verify(b.get());
      boolean fresh = !a.get().equals(planted) && !b.get().equals(a.get());
      return REF.judge(
          fresh && !before.valid() && after.valid(),
          sent,
          (fresh ? "each sign-in set a new cookie" : "a sign-in kept the cookie it was sent")
              + "; first session afterwards: "
              + before.describe()
              + "; second: "
              + after.describe());
    }
  }

  /**
   * {@code page.logout}: signing out through the pages ({@code POST /logout} with the form token)
   * ends the session on the server at once, expires the cookie and sends {@code Clear-Site-Data}. 5
   * requests.
   */
  static final class Logout implements ProbeCheck {
    private static final Finding.Ref REF =
        Finding.Ref.of(
            "page.logout",
            "Signing out of the pages ends the session",
            "ASVS 5.0 7.4.1",
            "ASVS 5.0 14.3.1",
            "NIST SP 800-63B-4 §5.1");

    @Override
    public Finding.Ref ref() {
      return REF;
    }

    @Override
    public Finding run(Deployment target) {
      String sent =
          "sign in through the pages, GET /account/sessions, POST /logout, then verify the token";
      if (!(target.account() instanceof Deployment.Account.Made made)) {
        return REF.skip(sent, ((Deployment.Account.Refused) target.account()).why());
      }
      PageVisitor browser = new PageVisitor(target.http());
      Exchange in = browser.signIn(made.user());
      String token =
          browser
              .session()
              .orElseThrow(() -> new Deployment.Unexpected("sign-in set no session: " + in.line()));
      Exchange account = browser.get("/account/sessions");
      if (account.status() != 200) {
        return REF.fail(sent, account.line() + " after signing in");
      }
      Exchange out = browser.post("/logout", Map.of("csrf", browser.csrf()));
      boolean expired =
          PageVisitor.setCookie(out, browser.sessionCookie())
              .map(c -> c.toLowerCase(Locale.ROOT).contains("max-age=0"))
              .orElse(false);
      boolean cleared = out.header("Clear-Site-Data").isPresent();
      Deployment.Verdict after = target.verify(token);
      return REF.judge(
          out.status() / 100 == 3 && expired && cleared && after.refusedFor("REVOKED"),
          sent,
          out.line()
              + (expired ? ", cookie expired" : ", cookie not expired")
              + (cleared ? ", Clear-Site-Data" : ", no Clear-Site-Data")
              + "; token afterwards: "
              + after.describe());
    }
  }
}
