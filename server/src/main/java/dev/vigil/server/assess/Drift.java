package dev.vigil.server.assess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a running server's settings differ from the configuration read here: it was started with
 * other flags or environment, or the file changed and the server was not restarted. Compared by
 * configuration key; keys and API keys are not compared (they live in the store both read).
 */
final class Drift {
  private Drift() {}

  static Check of(Settings here, Settings server) {
    Check.Ref ref = Check.Ref.of("config.drift", "Server against this configuration", "", "");
    Map<String, String> mine = values(here);
    Map<String, String> theirs = values(server);
    List<String> differ = new ArrayList<>();
    mine.forEach(
        (key, value) -> {
          if (!value.equals(theirs.get(key))) {
            differ.add(key + " " + theirs.get(key) + " (here " + value + ")");
          }
        });
    if (!differ.isEmpty()) {
      return Check.warn(
          ref,
          "the server runs with " + String.join(", ", differ),
          "restart the server with this configuration, or change the configuration to what the"
              + " server should run with");
    }
    return Check.pass(ref, "the server runs with the settings read here");
  }

  /** The compared settings by configuration key, as text; secrets only as set or unset. */
  static Map<String, String> values(Settings s) {
    Map<String, String> v = new LinkedHashMap<>();
    Settings.Sessions ses = s.sessions();
    v.put("token_entropy_bits", String.valueOf(ses.tokenEntropyBits()));
    v.put("idle_timeout", Durations.text(ses.idleTimeout()));
    v.put("absolute_timeout", Durations.text(ses.absoluteTimeout()));
    v.put("max_idle_timeout", Durations.text(ses.maxIdleTimeout()));
    v.put("max_absolute_timeout", Durations.text(ses.maxAbsoluteTimeout()));
    v.put("rotate_after", Durations.text(ses.rotateAfter()));
    v.put("rotation_grace", Durations.text(ses.rotationGrace()));
    v.put("key_overlap", Durations.text(ses.keyOverlap()));
    v.put("host", s.transport().host());
    v.put("tls", s.transport().tls().wire());
    v.put("dev_insecure_cookies", String.valueOf(s.transport().devInsecureCookies()));
    v.put("header_timeout", Durations.text(s.transport().headerTimeout()));
    v.put("password_min_length", String.valueOf(s.passwords().minLength()));
    v.put("password_min_length_totp", String.valueOf(s.passwords().minLengthWithTotp()));
    v.put("password_context_words", s.passwords().contextWords() + " words");
    Settings.Defences d = s.defences();
    v.put("guessing_limit", String.valueOf(d.guessingLimit()));
    v.put("login_address_limit", String.valueOf(d.loginAddressLimit()));
    v.put("anomaly_guessing", d.guessing().wire());
    v.put("anomaly_theft", d.theft().wire());
    v.put("anomaly_stuffing", d.stuffing().wire());
    v.put("anomaly_spike", d.spike().wire());
    v.put("anomaly_new_device", d.newDevice().wire());
    v.put("smtp_host", s.notices().mail() ? "set" : "unset");
    v.put("smtp_starttls", s.notices().starttls().name().toLowerCase(Locale.ROOT));
    v.put("alert_email", s.notices().operatorAlerts() ? "set" : "unset");
    v.put("audit_retention", Durations.text(s.auditRetention()));
    v.put("bootstrap_api_key", s.bootstrapApiKey() ? "set" : "unset");
    return v;
  }
}
