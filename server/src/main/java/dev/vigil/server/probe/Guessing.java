package dev.vigil.server.probe;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code throttle.guessing}: a burst of forged tokens presented for one client address must end in
 * {@code THROTTLED} within {@link #tries} of the configured {@code guessing_limit} (read from the
 * configuration, else assumed to be the default, {@value #ASSUMED_LIMIT}), while the probe's own
 * valid token, presented for another address, stays valid. The addresses are random ones from the
 * IPv6 documentation prefix {@code 2001:db8::/32} (RFC 3849), given as the verification's {@code
 * client.ip}: the cool-down lands on an address nobody uses, never on the probe's or a person's.
 * Skipped when the request budget left is smaller than those tries + 2; fails when the
 * configuration turns the throttle off. Up to tries + 2 requests (37 for the default limit).
 */
final class Guessing implements ProbeCheck {
  /** {@code guessing_limit}'s default, assumed when the configuration cannot be read. */
  static final int ASSUMED_LIMIT = 30;

  /**
   * The forged tokens sent at most for {@code limit}: the limit empties the bucket, one more starts
   * the cool-down, one more sees it; the bucket refills {@code limit} per minute while the burst
   * runs, so a tenth of the limit (at least 3) more is allowed for that.
   */
  static int tries(int limit) {
    return limit + 2 + Math.max(3, limit / 10);
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private static final Finding.Ref REF =
      Finding.Ref.of(
          "throttle.guessing", "Token guessing is throttled", "ASVS 5.0 2.4.1", "ASVS 5.0 16.3.3");

  @Override
  public Finding.Ref ref() {
    return REF;
  }

  @Override
  public Finding run(Deployment target) {
    TargetSettings s = target.settings();
    boolean known = s.guessingLimit().isPresent();
    int limit = s.guessingLimit().orElse(ASSUMED_LIMIT);
    String basis =
        "guessing_limit "
            + limit
            + (known ? " (" + s.source() + ")" : " (assumed, the default: " + s.source() + ")");
    String sent =
        "up to "
            + tries(limit)
            + " forged tokens for one documentation address (2001:db8::/32), then the probe's"
            + " valid token for another; "
            + basis;
    if (s.guessingMode().filter(m -> !m.equals("enforce")).isPresent() || limit == 0) {
      return REF.fail(
          "nothing",
          "the throttle is off: anomaly_guessing " + s.guessingMode().orElse("?") + ", " + basis);
    }
    int needed = tries(limit) + 2;
    if (target.http().left() < needed) {
      return REF.skip(
          sent,
          "the request budget has "
              + target.http().left()
              + " requests left, the throttle needs "
              + needed
              + "; raise --max-requests");
    }
    String token = target.newToken();
    String kid = token.split("\\.", -1)[1];
    String guesser = address();
    int forged = 0;
    Deployment.Verdict last = null;
    while (forged < tries(limit)) {
      forged++;
      last =
          target.verify("vs1." + kid + "." + random(52) + "." + random(32), Optional.of(guesser));
      if (last.refusedFor("THROTTLED")) {
        break;
      }
    }
    Deployment.Verdict other = target.verify(token, Optional.of(address()));
    boolean throttled = last != null && last.refusedFor("THROTTLED");
    return REF.judge(
        throttled && other.valid(),
        sent,
        (throttled
                ? "THROTTLED after " + (forged - 1) + " forged tokens"
                : "no THROTTLED after "
                    + forged
                    + " forged tokens (last: "
                    + (last == null ? "none" : last.describe())
                    + ")")
            + "; valid token from another address: "
            + other.describe());
  }

  /** A random address in 2001:db8::/32, its own /64. */
  private static String address() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    String h = HexFormat.of().formatHex(b);
    return "2001:db8:" + h.substring(0, 4) + ":" + h.substring(4, 8) + "::" + h.substring(8, 12);
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
