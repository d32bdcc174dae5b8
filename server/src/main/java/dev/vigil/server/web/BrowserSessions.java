package dev.vigil.server.web;

import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
import dev.vigil.server.api.Verification;
import dev.vigil.session.Reason;
import dev.vigil.session.Requirements;
import dev.vigil.session.Session;
import dev.vigil.session.Verdict;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The browser's Vigil session, read from its cookie and verified through {@link Verification} on
 * every page (OWASP ASVS 5.0 V7.2 "fundamental session management security": the server decides
 * with every request). A {@code renewed_token} in the verdict replaces the cookie at once; a tab
 * that still sends the previous token within the rotation grace gets the same successor (the
 * contract's rule), so concurrent tabs never sign the person out. A refused token clears the
 * cookie, except {@code THROTTLED}, which ends nobody's session (action {@code retry}).
 */
final class BrowserSessions {
  private final Verification verification;
  private final Cookies cookies;

  BrowserSessions(Verification verification, Cookies cookies) {
    this.verification = verification;
    this.cookies = cookies;
  }

  /** The state of the browser's session. */
  sealed interface Current {
    /** A valid session; {@code token} is the one the browser holds now (renewed if it was due). */
    record SignedIn(Session session, String token) implements Current {
      @Override
      public String toString() {
        return "SignedIn[" + session.id() + "]";
      }
    }

    /** No session cookie, or one that was refused ({@code why}); the cookie has been cleared. */
    record SignedOut(Optional<Verdict.Invalid> why) implements Current {}

    /** The address is in a token-guessing cool-down: nothing was checked and nothing cleared. */
    record Throttled(Verdict.Invalid verdict) implements Current {}
  }

  /** The browser's session checked against what a page requires. */
  sealed interface Checked {
    /** A valid session that meets the requirements. */
    record Met(Current.SignedIn in) implements Checked {}

    /**
     * A live session that does not meet them ({@code FORBIDDEN}: a role is missing; {@code
     * STEP_UP_REQUIRED}: the authentication is too old or too weak): the cookie is kept, since the
     * session itself is still valid.
     */
    record Unmet(Verdict.Invalid verdict) implements Checked {}

    /** No valid session: {@link Current.SignedOut} or {@link Current.Throttled}. */
    record Absent(Current current) implements Checked {}
  }

  /** Reads and verifies the session cookie of the request. */
  Current current(Context ctx) {
    return switch (checked(ctx, Requirements.NONE)) {
      case Checked.Met met -> met.in();
      case Checked.Absent absent -> absent.current();
      case Checked.Unmet unmet ->
          throw new IllegalStateException("no requirement, yet " + unmet.verdict().reason());
    };
  }

  /**
   * Reads and verifies the session cookie of the request under {@code require}; the refusal of an
   * unmet requirement is recorded in the audit log like every refused verification (OWASP ASVS 5.0
   * V16.3.2, failed authorization attempts are logged).
   */
  Checked checked(Context ctx, Requirements require) {
    Optional<String> token = cookies.session(ctx);
    if (token.isEmpty()) {
      return new Checked.Absent(new Current.SignedOut(Optional.empty()));
    }
    return switch (verification.verify(token.get(), client(ctx), require)) {
      case Verdict.Valid ok -> {
        ok.renewedToken().ifPresent(t -> cookies.setSession(ctx, t));
        yield new Checked.Met(
            new Current.SignedIn(ok.session(), ok.renewedToken().orElse(token.get())));
      }
      case Verdict.Invalid bad when bad.reason() == Reason.THROTTLED ->
          new Checked.Absent(new Current.Throttled(bad));
      case Verdict.Invalid bad
          when bad.reason() == Reason.FORBIDDEN || bad.reason() == Reason.STEP_UP_REQUIRED ->
          new Checked.Unmet(bad);
      case Verdict.Invalid bad -> {
        cookies.clearSession(ctx);
        yield new Checked.Absent(new Current.SignedOut(Optional.of(bad)));
      }
    };
  }

  /**
   * The client of a request: the connection's address and the {@code User-Agent} header (cut to
   * {@link ClientContext#MAX_USER_AGENT} characters).
   */
  static ClientContext client(Context ctx) {
    String ua = ctx.header("User-Agent");
    Optional<String> agent =
        Optional.ofNullable(ua)
            .filter(s -> !s.isBlank())
            .map(s -> s.length() > ClientContext.MAX_USER_AGENT ? s.substring(0, 1024) : s);
    return new ClientContext(IpAddress.parse(ctx.ip()), agent);
  }
}
