package dev.vigil.server.assess;

import java.time.Duration;
import java.util.List;

/**
 * The token and its lifetime: entropy, the idle and absolute timeouts against the AAL's limits, the
 * longest timeouts a caller may ask for, rotation and its grace window.
 */
final class SessionChecks {
  /** ASVS 5.0 7.2.3 and 11.5.1: at least 128 bits (NIST SP 800-63B-4 §5.1 asks 64). */
  static final int MIN_ENTROPY_BITS = 128;

  /** The grace window RFC 9700 tolerates at most, per the team's reading (standards.md, C.6). */
  static final Duration GRACE_BOUND = Duration.ofSeconds(30);

  /** Beyond this a rotated token lives on as a second valid token, not a race allowance. */
  static final Duration GRACE_LIMIT = Duration.ofMinutes(5);

  private SessionChecks() {}

  static List<Check> of(Settings.Sessions s, Aal aal) {
    return List.of(entropy(s), idle(s, aal), absolute(s, aal), caps(s, aal), rotation(s), grace(s));
  }

  static Check entropy(Settings.Sessions s) {
    Check.Ref ref = Check.Ref.of("token.entropy", "Session token entropy", "7.2.3", "§5.1");
    if (s.tokenEntropyBits() < MIN_ENTROPY_BITS) {
      return Check.fail(
          ref,
          "token secrets carry " + s.tokenEntropyBits() + " random bits, below 128",
          "upgrade Vigil: its tokens carry 256 bits from a CSPRNG");
    }
    return Check.pass(ref, s.tokenEntropyBits() + " random bits per token from a CSPRNG");
  }

  static Check idle(Settings.Sessions s, Aal aal) {
    Check.Ref ref = Check.Ref.of("session.idle", "Idle timeout", "7.3.1", aal.section());
    if (aal.maxIdle().isEmpty()) {
      return Check.pass(
          ref, "idle_timeout " + Durations.text(s.idleTimeout()) + "; " + aal + " sets no limit");
    }
    Duration max = aal.maxIdle().get();
    if (s.idleTimeout().compareTo(max) > 0) {
      return Check.fail(
          ref,
          "idle_timeout "
              + Durations.text(s.idleTimeout())
              + " is above "
              + aal
              + "'s "
              + Durations.text(max),
          "set idle_timeout to " + Durations.text(max) + " or less (PT30M is Vigil's default)");
    }
    return Check.pass(
        ref,
        "idle_timeout "
            + Durations.text(s.idleTimeout())
            + " is within "
            + aal
            + "'s "
            + Durations.text(max));
  }

  static Check absolute(Settings.Sessions s, Aal aal) {
    Check.Ref ref = Check.Ref.of("session.absolute", "Absolute lifetime", "7.3.2", aal.section());
    Duration max = aal.maxAbsolute();
    if (s.absoluteTimeout().compareTo(max) > 0) {
      return Check.fail(
          ref,
          "absolute_timeout "
              + Durations.text(s.absoluteTimeout())
              + " is above "
              + aal
              + "'s "
              + Durations.text(max),
          "set absolute_timeout to " + Durations.text(max) + " or less (PT12H is Vigil's default)");
    }
    return Check.pass(
        ref,
        "absolute_timeout "
            + Durations.text(s.absoluteTimeout())
            + " is within "
            + aal
            + "'s "
            + Durations.text(max));
  }

  /**
   * The caps on what a caller may ask for per session. Above the target level but within AAL1's 30
   * days is an operator's decision ("remember me" sessions are AAL1 at best); above 30 days is not
   * allowed at any level.
   */
  static Check caps(Settings.Sessions s, Aal aal) {
    Check.Ref ref =
        Check.Ref.of(
            "session.caps", "Longest timeouts a caller may ask for", "7.1.1", aal.section());
    String found =
        "max_idle_timeout "
            + Durations.text(s.maxIdleTimeout())
            + ", max_absolute_timeout "
            + Durations.text(s.maxAbsoluteTimeout());
    Duration aal1 = Aal.AAL1.maxAbsolute();
    if (s.maxIdleTimeout().compareTo(aal1) > 0 || s.maxAbsoluteTimeout().compareTo(aal1) > 0) {
      return Check.fail(
          ref,
          found + ": above the 30 days NIST allows even at AAL1",
          "set max_idle_timeout and max_absolute_timeout to P30D or less");
    }
    boolean idleOver = aal.maxIdle().map(m -> s.maxIdleTimeout().compareTo(m) > 0).orElse(false);
    if (idleOver || s.maxAbsoluteTimeout().compareTo(aal.maxAbsolute()) > 0) {
      return Check.warn(
          ref,
          found + ": callers may create sessions longer than " + aal + " allows (AAL1 at best)",
          "lower the caps to "
              + aal.maxIdle().map(m -> Durations.text(m) + " idle and ").orElse("")
              + Durations.text(aal.maxAbsolute())
              + " absolute, or document which sessions may be AAL1 (ASVS 7.1.1)");
    }
    return Check.pass(ref, found + ": within " + aal);
  }

  static Check rotation(Settings.Sessions s) {
    Check.Ref ref = Check.Ref.of("rotation.on", "Token rotation", "10.4.5", "");
    if (s.rotateAfter().compareTo(s.absoluteTimeout()) >= 0) {
      return Check.fail(
          ref,
          "rotate_after "
              + Durations.text(s.rotateAfter())
              + " is not shorter than absolute_timeout "
              + Durations.text(s.absoluteTimeout())
              + ": tokens never rotate, so a copied token is never detected by reuse",
          "set rotate_after well below absolute_timeout (PT15M is Vigil's default)");
    }
    return Check.pass(
        ref,
        "a token older than "
            + Durations.text(s.rotateAfter())
            + " is rotated when presented; presenting a replaced token revokes the session");
  }

  static Check grace(Settings.Sessions s) {
    Check.Ref ref = Check.Ref.of("rotation.grace", "Rotation grace window", "10.4.5", "");
    Duration g = s.rotationGrace();
    if (g.compareTo(GRACE_LIMIT) > 0 || (!g.isZero() && g.compareTo(s.rotateAfter()) >= 0)) {
      return Check.fail(
          ref,
          "rotation_grace "
              + Durations.text(g)
              + ": a replaced token stays valid too long to be a race allowance",
          "set rotation_grace to PT30S or less");
    }
    if (g.compareTo(GRACE_BOUND) > 0) {
      return Check.warn(
          ref,
          "rotation_grace " + Durations.text(g) + " is above 30 s (RFC 9700 has no grace window)",
          "set rotation_grace to PT30S or less, or document the deviation");
    }
    return Check.pass(ref, "rotation_grace " + Durations.text(g) + " (at most 30 s)");
  }
}
