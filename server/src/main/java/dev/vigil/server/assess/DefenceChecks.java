package dev.vigil.server.assess;

import dev.vigil.server.anomaly.RuleMode;
import java.util.List;

/**
 * The throttles and the anomaly rules: on, and which only report. A rule in {@code report_only}
 * records what it would have done and does nothing, which is a sound way to try a rule and an
 * operator's decision to keep; a rule that is off is a FAIL.
 */
final class DefenceChecks {
  private DefenceChecks() {}

  static List<Check> of(Settings.Defences d) {
    return List.of(
        guessing(d),
        signIn(d),
        rule(
            Check.Ref.of("anomaly.theft", "Token-theft rule", "10.4.5", ""),
            "anomaly_theft",
            d.theft()),
        rule(
            Check.Ref.of("anomaly.stuffing", "Credential-stuffing rule", "6.3.1", "§3.2.2"),
            "anomaly_stuffing",
            d.stuffing()),
        rule(
            Check.Ref.of("anomaly.spike", "Reason-spike rule", "16.3.3", "§5.3"),
            "anomaly_spike",
            d.spike()),
        rule(
            Check.Ref.of("anomaly.new_device", "New-device rule", "6.3.5", "§5.3"),
            "anomaly_new_device",
            d.newDevice()));
  }

  /** The token-guessing throttle acts only with a limit and the rule in enforce mode. */
  static Check guessing(Settings.Defences d) {
    Check.Ref ref = Check.Ref.of("throttle.guessing", "Token-guessing throttle", "2.4.1", "");
    if (d.guessingLimit() == 0 || d.guessing() == RuleMode.OFF) {
      return Check.fail(
          ref,
          "off (guessing_limit "
              + d.guessingLimit()
              + ", anomaly_guessing "
              + d.guessing().wire()
              + ")",
          "set guessing_limit above 0 (30 is Vigil's default) and anomaly_guessing: enforce");
    }
    if (d.guessing() == RuleMode.REPORT_ONLY) {
      return Check.warn(
          ref,
          "report-only: an address over guessing_limit "
              + d.guessingLimit()
              + "/min is recorded, not throttled",
          "set anomaly_guessing: enforce once the reports look right");
    }
    return Check.pass(
        ref, "an address over " + d.guessingLimit() + " unauthentic tokens a minute is throttled");
  }

  /** The per-account throttle is always on; the per-address limit comes on top. */
  static Check signIn(Settings.Defences d) {
    Check.Ref ref = Check.Ref.of("throttle.signin", "Sign-in limits", "6.3.1", "§3.2.2");
    if (d.loginAddressLimit() == 0) {
      return Check.warn(
          ref,
          "per-account throttle on; the per-address limit is off (login_address_limit 0)",
          "set login_address_limit above 0 (30 is Vigil's default)");
    }
    return Check.pass(
        ref,
        "per-account throttle on; "
            + d.loginAddressLimit()
            + " sign-in attempts per address a minute");
  }

  static Check rule(Check.Ref ref, String key, RuleMode mode) {
    return switch (mode) {
      case ENFORCE -> Check.pass(ref, key + ": enforce");
      case REPORT_ONLY ->
          Check.warn(
              ref,
              key + ": report_only (it records what it would do and does nothing)",
              "set " + key + ": enforce once the reports look right");
      case OFF -> Check.fail(ref, key + ": off", "set " + key + ": enforce");
    };
  }
}
