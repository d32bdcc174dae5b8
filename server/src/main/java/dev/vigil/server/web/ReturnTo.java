package dev.vigil.server.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where a page may send a person after sign-in: a same-origin relative path, never another site (no
 * open redirect; OWASP ASVS 5.0 V3.7 "other browser security considerations", and the Unvalidated
 * Redirects and Forwards cheat sheet). Accepted: a path starting with one {@code /}, then neither
 * {@code /} nor {@code \}, printable ASCII without space or backslash, which parses as a URI with
 * neither scheme nor authority, and which after percent-decoding (twice: a proxy or browser may
 * decode once more) still starts that way and holds no control character (browsers drop tabs and
 * newlines, so {@code /%09/evil.example} would become {@code //evil.example}). Everything else
 * ({@code //evil.example}, {@code /\evil.example}, {@code https:evil}, {@code /%2F%2Fevil.example},
 * {@code javascript:...}) is refused, and the caller uses its default page.
 */
final class ReturnTo {
  /** The longest {@code return_to} kept. */
  static final int MAX_LENGTH = 2048;

  private ReturnTo() {}

  /** {@code raw} if it is a safe same-origin path, else empty. */
  static Optional<String> safe(String raw) {
    if (raw.isEmpty() || raw.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    String once = decode(raw);
    String twice = decode(once);
    if (!shape(raw, true) || !shape(once, false) || !shape(twice, false)) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(raw);
      if (uri.getScheme() != null || uri.getRawAuthority() != null || uri.getHost() != null) {
        return Optional.empty();
      }
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    return Optional.of(raw);
  }

  /** {@code raw} if safe, else {@code fallback}. */
  static String or(String raw, String fallback) {
    return safe(raw).orElse(fallback);
  }

  /**
   * Starts with one {@code /} not followed by {@code /} or {@code \}, and has no control character;
   * {@code raw} (as sent, before decoding) is also printable ASCII without space or backslash, so
   * that it goes into a {@code Location} header as it is.
   */
  private static boolean shape(String s, boolean raw) {
    if (s.isEmpty() || s.charAt(0) != '/') {
      return false;
    }
    if (s.length() > 1 && (s.charAt(1) == '/' || s.charAt(1) == '\\')) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || raw && (c <= 0x20 || c >= 0x7f || c == '\\')) {
        return false;
      }
    }
    return true;
  }

  /** Percent-decoded, or a NUL character (refused by the shape) when it is not decodable. */
  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "\u0000";
    }
  }
}
