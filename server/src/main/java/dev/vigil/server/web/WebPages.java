package dev.vigil.server.web;

import dev.vigil.account.Accounts;
import dev.vigil.account.PasswordHasher;
import dev.vigil.account.PasswordPolicy;
import dev.vigil.audit.AuditLog;
import dev.vigil.audit.Reports;
import dev.vigil.client.UserAgents;
import dev.vigil.incident.IncidentExplainer;
import dev.vigil.notice.Outbox;
import dev.vigil.server.api.SignInRoutes;
import dev.vigil.server.api.Verification;
import dev.vigil.server.config.WebSettings;
import dev.vigil.server.notify.NotMe;
import dev.vigil.server.notify.Webhooks;
import dev.vigil.session.SessionService;
import dev.vigil.session.StoreUnavailableException;
import dev.vigil.token.KeyringSupplier;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers Vigil's web pages: {@code /login}, {@code /login/code}, {@code /logout}, {@code
 * /account/sessions} (with its actions), {@code /reauth} (step-up), {@code /account/security},
 * {@code /account/password}, {@code /account/totp} (with confirm and remove), {@code /report},
 * {@code /notice/not-me} (the link of new-device mails), {@code /docs} (the API reference), the
 * operator dashboard under {@code /admin} (overview, incidents, people, audit log, reports; see
 * {@link AdminGate}) and {@code /assets/*}. Every path is under the path of {@code public_url} when
 * it has one ({@code https://app.example/auth} serves {@code /auth/login}): a proxy in front passes
 * paths through unchanged. A store outage or a full password hasher is a 503 page, never a 500.
 */
public final class WebPages {
  private static final Logger LOG = LoggerFactory.getLogger(WebPages.class);

  /**
   * What the pages are built on.
   *
   * @param events the audit log, read for the account's recent security events
   * @param passwordPolicy the length rules shown next to the new-password field
   * @param reports where {@code /report} files what people report
   * @param notMe what the "this wasn't me" link of new-device mails does
   * @param incidents explains the incidents the operator dashboard drills into
   * @param webhooks the endpoints whose health the dashboard shows
   * @param outbox what waits to be sent, for the dashboard
   * @param readings what the node's background tasks last measured (live sessions, the chain)
   * @param clock the time of the dashboard's windows
   */
  public record Parts(
      SessionService sessions,
      Accounts accounts,
      SignInRoutes.AddressLimits limits,
      Verification verification,
      UserAgents userAgents,
      KeyringSupplier keyring,
      AuditLog events,
      PasswordPolicy passwordPolicy,
      Reports reports,
      NotMe notMe,
      IncidentExplainer incidents,
      Webhooks webhooks,
      Outbox outbox,
      Readings readings,
      Clock clock) {}

  private final String base;
  private final Pages pages;
  private final Assets assets;
  private final SignInPages signIn;
  private final SessionPages sessions;
  private final ReauthPages reauth;
  private final SecurityPages security;
  private final PasswordPages password;
  private final TotpPages totp;
  private final ReportPages report;
  private final NotMePages notMe;
  private final DocsPages docs;
  private final AdminPages admin;
  private final AdminPeople people;
  private final AdminIncidents incidents;
  private final AdminAudit audit;

  /**
   * @param publicUrl {@code public_url}, if set: its path is the pages' prefix, its origin the only
   *     one forms are accepted from
   * @param tls whether people reach the pages over HTTPS (Vigil's own TLS, or an {@code https}
   *     {@code public_url}): then every page carries HSTS
   */
  public WebPages(Parts parts, WebSettings settings, Optional<String> publicUrl, boolean tls) {
    this.base =
        publicUrl.map(u -> Optional.ofNullable(URI.create(u).getRawPath()).orElse("")).orElse("");
    if (settings.insecureCookies()) {
      LOG.warn(
          "DEV_INSECURE_COOKIES is on: the web pages' cookies are sent without Secure and without"
              + " the __Host- prefix. Use this only over plain HTTP on localhost, never in"
              + " production.");
    }
    boolean https = tls || publicUrl.filter(u -> u.startsWith("https://")).isPresent();
    PageHeaders headers = new PageHeaders(https);
    Cookies cookies = new Cookies(settings.insecureCookies());
    FormGuard guard = new FormGuard(parts.keyring(), publicUrl.flatMap(FormGuard::originOf));
    this.pages = new Pages(Messages.english(), base, headers, guard, cookies);
    this.assets = new Assets(headers);
    BrowserSessions browser = new BrowserSessions(parts.verification(), cookies);
    this.signIn = new SignInPages(pages, cookies, browser, parts);
    AccountGate gate = new AccountGate(pages, browser, parts.accounts());
    this.sessions = new SessionPages(pages, gate, parts);
    this.reauth = new ReauthPages(pages, cookies, browser, parts);
    this.security = new SecurityPages(pages, gate, parts);
    this.password = new PasswordPages(pages, gate, parts);
    this.totp = new TotpPages(pages, gate, parts);
    this.report = new ReportPages(pages, browser, parts);
    this.notMe = new NotMePages(pages, parts.notMe());
    this.docs = new DocsPages(pages, headers);
    AdminGate operators =
        new AdminGate(pages, browser, gate, parts.accounts().mfa(), parts.sessions());
    this.admin = new AdminPages(pages, operators, parts);
    this.people = new AdminPeople(pages, operators, admin, parts);
    this.incidents = new AdminIncidents(pages, operators, admin, people, parts.incidents());
    this.audit = new AdminAudit(pages, operators, admin, people, parts);
  }

  /** Adds the routes. */
  public void register(RoutesConfig routes) {
    routes.get(base + "/login", guarded(signIn::show));
    routes.post(base + "/login", guarded(signIn::submit));
    routes.post(base + "/login/code", guarded(signIn::code));
    routes.post(base + "/logout", guarded(signIn::logout));
    routes.get(base + "/account/sessions", guarded(sessions::show));
    routes.get(base + "/account/sessions/end-others", guarded(sessions::confirmEndOthers));
    routes.post(base + "/account/sessions/end-others", guarded(sessions::endOthers));
    routes.get(base + "/reauth", guarded(reauth::show));
    routes.post(base + "/reauth", guarded(reauth::submit));
    routes.get(base + "/account/security", guarded(security::show));
    routes.get(base + "/account/password", guarded(password::show));
    routes.post(base + "/account/password", guarded(password::submit));
    routes.get(base + "/account/totp", guarded(totp::show));
    routes.post(base + "/account/totp", guarded(totp::start));
    routes.post(base + "/account/totp/confirm", guarded(totp::confirm));
    routes.get(base + "/account/totp/remove", guarded(totp::confirmRemove));
    routes.post(base + "/account/totp/remove", guarded(totp::remove));
    routes.get(base + "/report", guarded(report::show));
    routes.post(base + "/report", guarded(report::submit));
    routes.get(base + NotMePages.PATH, guarded(notMe::look));
    routes.post(base + NotMePages.PATH, guarded(notMe::use));
    routes.get(base + DocsPages.PATH, docs::show);
    routes.get(base + DocsPages.PATH + "/files/{name}", docs::serve);
    routes.post(base + "/account/sessions/{id}/end", guarded(sessions::end));
    routes.get(base + "/admin", guarded(admin::show));
    routes.get(base + "/admin/live", guarded(admin::live));
    routes.get(base + "/admin/incidents/{id}", guarded(incidents::show));
    routes.get(base + "/admin/people", guarded(people::search));
    routes.get(base + "/admin/subject", guarded(people::subject));
    routes.post(base + "/admin/subject/end", guarded(people::end));
    routes.get(base + "/admin/audit", guarded(audit::search));
    routes.post(base + "/admin/audit/verify", guarded(audit::verify));
    routes.get(base + "/admin/reports", guarded(audit::queue));
    routes.post(base + "/admin/reports/{id}/status", guarded(audit::move));
    routes.get(base + "/assets/{name}", assets::serve);
  }

  /** {@code handler}, with the failures of the infrastructure answered as pages. */
  private Handler guarded(Handler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (StoreUnavailableException e) {
        LOG.warn("store unavailable on a page: {}", e.getMessage());
        busy(ctx, "error.busy");
      } catch (PasswordHasher.Overloaded e) {
        busy(ctx, "error.overloaded");
      }
    };
  }

  private void busy(Context ctx, String key) {
    ctx.header("Retry-After", "1");
    // a page without a form token: the nonce may not be readable without the store either
    pages.error(ctx, 503, pages.messages().text(key));
  }
}
