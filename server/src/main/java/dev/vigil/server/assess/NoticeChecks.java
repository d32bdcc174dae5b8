package dev.vigil.server.assess;

import dev.vigil.server.notify.Smtp;
import java.util.List;
import java.util.Locale;

/**
 * Mail for notices: people are told of new devices, password and factor changes by e-mail, and
 * operators of anomalies. Without SMTP the notices go to webhooks only, which may be the operator's
 * choice.
 */
final class NoticeChecks {
  private NoticeChecks() {}

  static List<Check> of(Settings.Notices n) {
    return List.of(mail(n), alerts(n));
  }

  static Check mail(Settings.Notices n) {
    Check.Ref ref = Check.Ref.of("notices.mail", "Mail for notices to people", "6.3.7", "");
    if (!n.mail()) {
      return Check.warn(
          ref,
          "no smtp_host: people are not e-mailed of new devices or of changes to their factors",
          "set smtp_host (and smtp_username, smtp_password), or deliver notices by webhook");
    }
    if (n.starttls() == Smtp.StartTls.OFF) {
      return Check.warn(
          ref,
          "smtp_starttls off: notices and the SMTP login cross the network in clear",
          "set smtp_starttls: required");
    }
    return Check.pass(
        ref, "SMTP configured, STARTTLS " + n.starttls().name().toLowerCase(Locale.ROOT));
  }

  static Check alerts(Settings.Notices n) {
    Check.Ref ref = Check.Ref.of("notices.alerts", "Operator alerts", "", "§5.3");
    if (!n.mail() || !n.operatorAlerts()) {
      return Check.warn(
          ref,
          "no operator is e-mailed about anomalies (alert_email"
              + (n.mail() ? "" : ", smtp_host")
              + " unset)",
          "set smtp_host and alert_email, or watch anomaly.detected events by webhook");
    }
    return Check.pass(ref, "anomalies and token theft are e-mailed to alert_email");
  }
}
