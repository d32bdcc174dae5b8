package dev.vigil.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an API key may do. {@link #ADMIN} may do everything. */
public enum Scope {
  /** Create, verify, rotate and revoke sessions. */
  SESSIONS,
  /** Users, passwords and MFA. */
  ACCOUNTS,
  /** Events, incidents, statistics and reports. */
  AUDIT,
  /** Everything, including key management. */
  ADMIN;

  /** The contract's spelling: {@code sessions}, {@code accounts}, ... */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The scope spelled {@code text}, if any. */
  public static Optional<Scope> ofWire(String text) {
    return Arrays.stream(values()).filter(s -> s.wire().equals(text)).findFirst();
  }
}
