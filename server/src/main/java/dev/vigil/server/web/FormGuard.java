package dev.vigil.server.web;

import dev.vigil.id.SessionId;
import dev.vigil.token.KeyId;
import dev.vigil.token.KeyringSupplier;
import dev.vigil.token.SigningKey;
import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Protection of every form against cross-site request forgery (OWASP ASVS 5.0 V3.5 "browser origin
 * separation"; OWASP CSRF Prevention cheat sheet), in two independent checks a POST must both pass:
 *
 * <ol>
 *   <li><b>Origin</b>: the {@code Origin} header (or, when a browser sent none, the origin of the
 *       {@code Referer}) must be the pages' own origin: that of {@code public_url} when it is set,
 *       else the scheme and {@code Host} of the request. A POST with neither header is refused too.
 *   <li><b>Signed double-submit token</b>: the form's {@code csrf} field must be {@code
 *       <kid>.<mac>}, the HMAC-SHA256 of the browser's nonce cookie and the id of its Vigil session
 *       (or {@code -} before sign-in), under a key derived from the keyring key {@code kid} ({@code
 *       HMAC(key, "vigil/csrf/v1")}). Another site can neither read the page's token nor compute
 *       one for the victim's nonce; binding the session id means a token of one session is
 *       worthless in another, and a rotated cookie (same session) keeps its forms working. The MAC
 *       is compared in constant time.
 * </ol>
 *
 * Thread-safe.
 */
final class FormGuard {
  /** The form field that carries the token. */
  static final String FIELD = "csrf";

  private static final byte[] LABEL = "vigil/csrf/v1".getBytes(StandardCharsets.US_ASCII);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final int NONCE_BYTES = 32;
  private static final int NONCE_LENGTH = 43;

  private final KeyringSupplier keyring;
  private final Optional<String> publicOrigin;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param publicOrigin the origin of {@code public_url} ({@code https://app.example}), when set
   */
  FormGuard(KeyringSupplier keyring, Optional<String> publicOrigin) {
    this.keyring = keyring;
    this.publicOrigin = publicOrigin.map(o -> o.toLowerCase(Locale.ROOT));
  }

  /** A fresh nonce for the nonce cookie: 256 random bits. */
  String newNonce() {
    byte[] b = new byte[NONCE_BYTES];
    random.nextBytes(b);
    return B64.encodeToString(b);
  }

  /** Whether {@code nonce} has the form of one this class makes. */
  static boolean wellFormed(String nonce) {
    return nonce.length() == NONCE_LENGTH
        && nonce.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
  }

  /** The token of the forms of a page shown to the browser with {@code nonce} and session. */
  String token(String nonce, Optional<SessionId> session) {
    SigningKey key = keyring.get().current();
    return key.id().value() + "." + B64.encodeToString(mac(key, binding(nonce, session)));
  }

  /** Whether {@code given} is the token for {@code nonce} and {@code session}. */
  boolean valid(String given, String nonce, Optional<SessionId> session) {
    int dot = given.indexOf('.');
    if (dot < 1 || given.length() > 200 || !wellFormed(nonce)) {
      return false;
    }
    try {
      KeyId kid = new KeyId(given.substring(0, dot));
      Optional<SigningKey> key = keyring.get().find(kid);
      if (key.isEmpty()) {
        return false;
      }
      byte[] expected =
          B64.encodeToString(mac(key.get(), binding(nonce, session)))
              .getBytes(StandardCharsets.US_ASCII);
      return MessageDigest.isEqual(
          expected, given.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Whether the request comes from the pages' own origin, by its {@code Origin} header, or its
   * {@code Referer} when it has no {@code Origin}.
   */
  boolean sameOrigin(Context ctx) {
    String expected = publicOrigin.orElseGet(() -> ownOrigin(ctx));
    String origin = ctx.header("Origin");
    if (origin != null) {
      return origin.toLowerCase(Locale.ROOT).equals(expected);
    }
    String referer = ctx.header("Referer");
    if (referer == null) {
      return false;
    }
    return originOf(referer).map(o -> o.equals(expected)).orElse(false);
  }

  /**
   * {@code scheme://host[:port]} of {@code url} as a browser writes it in {@code Origin} (lower
   * case, no default port), or empty when it has none.
   */
  static Optional<String> originOf(String url) {
    try {
      URI u = new URI(url);
      if (u.getScheme() == null || u.getHost() == null) {
        return Optional.empty();
      }
      String scheme = u.getScheme().toLowerCase(Locale.ROOT);
      boolean defaultPort =
          u.getPort() == -1
              || scheme.equals("http") && u.getPort() == 80
              || scheme.equals("https") && u.getPort() == 443;
      String port = defaultPort ? "" : ":" + u.getPort();
      return Optional.of((u.getScheme() + "://" + u.getHost() + port).toLowerCase(Locale.ROOT));
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static String ownOrigin(Context ctx) {
    String host = ctx.header("Host");
    return (ctx.scheme() + "://" + (host == null ? "" : host)).toLowerCase(Locale.ROOT);
  }

  private static String binding(String nonce, Optional<SessionId> session) {
    return nonce + "|" + session.map(SessionId::value).orElse("-");
  }

  private static byte[] mac(SigningKey key, String text) {
    return key.derivedMac(LABEL, text.getBytes(StandardCharsets.US_ASCII));
  }
}
