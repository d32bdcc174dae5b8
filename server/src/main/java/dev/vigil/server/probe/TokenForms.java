package dev.vigil.server.probe;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Altered tokens: each check takes a fresh token of the probe's own session, alters it in a few
 * ways and expects each variant refused with the contract's reason for it. The layout is {@code
 * vs1.<kid>.<payload>.<mac>} (70 and 43 base64url characters). Every check sends 1 + its variants
 * requests.
 *
 * <ul>
 *   <li>{@code token.tampered}: one payload character changed; one MAC character changed: {@code
 *       TAMPERED} (the MAC check; ASVS 5.0 9.1.1, 7.2.1).
 *   <li>{@code token.truncated}: the last character dropped; the MAC dropped: {@code MALFORMED}.
 *   <li>{@code token.reencoded}: the MAC's last character changed in the bits base64url leaves
 *       unused (a lenient decoder reads the same bytes); {@code =} padding added; the prefix in
 *       capitals: {@code MALFORMED}. A service that decoded leniently would accept several
 *       spellings of one token (OWASP JWT cheat sheet, denylist malleability).
 *   <li>{@code token.forged}: a token made up by the probe with the target's key id and random
 *       payload and MAC; one with an unknown key id: {@code TAMPERED}. Never adopted (strict mode,
 *       OWASP Session Management cheat sheet).
 * </ul>
 */
final class TokenForms {
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenForms() {}

  /** The four checks, in report order. */
  static List<ProbeCheck> checks() {
    return List.of(
        new TokenForm(
            Finding.Ref.of(
                "token.tampered",
                "Tampered tokens refused as TAMPERED",
                "ASVS 5.0 9.1.1",
                "ASVS 5.0 7.2.1"),
            "TAMPERED",
            List.of(
                new Variant("one payload character changed", t -> change(t, 2, 35)),
                new Variant("one MAC character changed", t -> change(t, 3, 20)))),
        new TokenForm(
            Finding.Ref.of(
                "token.truncated", "Truncated tokens refused as MALFORMED", "ASVS 5.0 7.2.1"),
            "MALFORMED",
            List.of(
                new Variant("its last character dropped", t -> t.substring(0, t.length() - 1)),
                new Variant("its MAC dropped", t -> t.substring(0, t.lastIndexOf('.'))))),
        new TokenForm(
            Finding.Ref.of(
                "token.reencoded",
                "Re-encoded tokens refused as MALFORMED",
                "ASVS 5.0 9.1.1",
                "ASVS 5.0 7.2.1"),
            "MALFORMED",
            List.of(
                new Variant(
                    "the MAC's unused low bits set (same bytes to a lenient decoder)",
                    TokenForms::nonCanonical),
                new Variant("'=' padding added to the MAC", t -> t + "="),
                new Variant("the prefix in capitals", t -> "VS1." + t.substring(4)))),
        new TokenForm(
            Finding.Ref.of(
                "token.forged",
                "Forged tokens refused as TAMPERED",
                "ASVS 5.0 7.2.1",
                "ASVS 5.0 9.1.1"),
            "TAMPERED",
            List.of(
                new Variant(
                    "made up with the target's key id, random payload and MAC",
                    t -> "vs1." + part(t, 1) + "." + random(52) + "." + random(32)),
                new Variant(
                    "made up with an unknown key id",
                    t -> "vs1." + otherKid(part(t, 1)) + "." + random(52) + "." + random(32)))));
  }

  /** One way of altering a token, described without the token. */
  record Variant(String description, UnaryOperator<String> alter) {}

  /** Altered tokens that must all be refused with {@code reason}. */
  record TokenForm(Finding.Ref ref, String reason, List<Variant> variants) implements ProbeCheck {
    @Override
    public Finding run(Deployment target) {
      String token = target.newToken();
      List<String> seen = new ArrayList<>();
      boolean ok = true;
      for (Variant v : variants) {
        Deployment.Verdict verdict = target.verify(v.alter().apply(token));
        seen.add(v.description() + ": " + verdict.describe());
        ok &= verdict.refusedFor(reason);
      }
      String sent =
          "POST /v1/sessions, then POST /v1/sessions/verify with the new token "
              + variants.stream().map(Variant::description).collect(Collectors.joining("; "))
              + "; expected "
              + reason;
      return ref.judge(ok, sent, String.join("; ", seen));
    }
  }

  /** Part {@code i} of the dot-separated token. */
  private static String part(String token, int i) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 4) {
      throw new Deployment.Unexpected(
          "the target's token does not have the layout vs1.<kid>.<payload>.<mac>");
    }
    return parts[i];
  }

  /** The token with character {@code at} of part {@code p} replaced by another of the alphabet. */
  private static String change(String token, int p, int at) {
    String[] parts = token.split("\\.", -1);
    part(token, p);
    char[] c = parts[p].toCharArray();
    int i = Math.min(at, c.length - 2);
    c[i] = ALPHABET.charAt((ALPHABET.indexOf(c[i]) + 1 + RANDOM.nextInt(62)) % 64);
    parts[p] = new String(c);
    return String.join(".", parts);
  }

  /** The token whose MAC's last character also sets the two bits 43 characters leave unused. */
  private static String nonCanonical(String token) {
    String mac = part(token, 3);
    int last = ALPHABET.indexOf(mac.charAt(mac.length() - 1));
    if (last < 0) {
      throw new Deployment.Unexpected("the target's token MAC is not base64url");
    }
    char odd = ALPHABET.charAt(last | 1);
    return token.substring(0, token.length() - 1) + odd;
  }

  private static String otherKid(String kid) {
    return kid.equals("probe0") ? "probe1" : "probe0";
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
