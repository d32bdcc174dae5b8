package dev.vigil.server.anomaly;

import java.util.Locale;
import java.util.Optional;

/** How an anomaly rule runs. */
public enum RuleMode {
  /** The rule acts (throttles, alerts) and records what it did. */
  ENFORCE,
  /** The rule only records what it would have done; nothing is refused or sent. */
  REPORT_ONLY,
  /** The rule does not run. */
  OFF;

  /** The configuration's spelling: {@code enforce}, {@code report_only}, {@code off}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode spelled {@code text}, if any. */
  public static Optional<RuleMode> ofWire(String text) {
    for (RuleMode m : values()) {
      if (m.wire().equals(text)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
