package dev.vigil.server.assess;

import java.time.Duration;
import java.util.Optional;

/**
 * The NIST SP 800-63B-4 authentication assurance level the audit holds the session timeouts to,
 * with the reauthentication limits of the final text (August 2025). The SHOULD limits are held as
 * hard limits: a deployment that claims the level with longer timeouts needs the documented
 * deviation ASVS 5.0 7.1.1 asks for, which the audit cannot see.
 */
public enum Aal {
  /** §2.1.3: an overall timeout SHALL be set and SHOULD be at most 30 days; no inactivity limit. */
  AAL1(Optional.empty(), Duration.ofDays(30), "§2.1.3"),
  /**
   * §2.2.3: an overall timeout SHALL be set and SHOULD be at most 24 hours; inactivity SHOULD be at
   * most 1 hour. Vigil's password and TOTP reach this level.
   */
  AAL2(Optional.of(Duration.ofHours(1)), Duration.ofHours(24), "§2.2.3"),
  /**
   * §2.3.3: the overall timeout SHALL be at most 12 hours and inactivity SHOULD be at most 15
   * minutes. Vigil has no authenticator that reaches this level; the limits are here for
   * deployments that put Vigil behind one.
   */
  AAL3(Optional.of(Duration.ofMinutes(15)), Duration.ofHours(12), "§2.3.3");

  private final Optional<Duration> maxIdle;
  private final Duration maxAbsolute;
  private final String section;

  Aal(Optional<Duration> maxIdle, Duration maxAbsolute, String section) {
    this.maxIdle = maxIdle;
    this.maxAbsolute = maxAbsolute;
    this.section = section;
  }

  /** The longest inactivity timeout of the level; empty at AAL1, which sets none. */
  public Optional<Duration> maxIdle() {
    return maxIdle;
  }

  /** The longest overall session lifetime of the level. */
  public Duration maxAbsolute() {
    return maxAbsolute;
  }

  /** The NIST SP 800-63B-4 section that sets the limits, such as {@code §2.2.3}. */
  public String section() {
    return section;
  }

  /** The level numbered {@code n} (1 to 3). */
  public static Aal of(int n) {
    return switch (n) {
      case 1 -> AAL1;
      case 2 -> AAL2;
      case 3 -> AAL3;
      default -> throw new IllegalArgumentException("the AAL is 1, 2 or 3, was " + n);
    };
  }
}
