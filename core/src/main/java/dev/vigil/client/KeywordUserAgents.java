package dev.vigil.client;

import java.util.List;
import java.util.Optional;

/**
 * A {@link UserAgents} that knows only the common browsers and systems by the product tokens they
 * send ({@code Firefox/128.0}, {@code Edg/131}, {@code Version/17.5 ... Safari}, {@code Windows
 * NT}, {@code iPhone}), and otherwise takes the first product token of a non-browser client ({@code
 * curl/8.5.0} is "curl 8"). JDK only and instant, so it serves where a full analyzer is not loaded
 * (core's tests, or the server when its analyzer failed to load); it is easily fooled, and it knows
 * no device, robot or spoofing. Stateless and thread-safe.
 */
public final class KeywordUserAgents implements UserAgents {
  /** A text that, found in a user agent, names a browser or system. */
  private record Token(String marker, String name) {}

  /** Browser tokens, most specific first: Edge and Opera also send Chrome's, Chrome Safari's. */
  private static final List<Token> BROWSERS =
      List.of(
          new Token("Edg/", "Edge"),
          new Token("Edge/", "Edge"),
          new Token("OPR/", "Opera"),
          new Token("SamsungBrowser/", "Samsung Internet"),
          new Token("Firefox/", "Firefox"),
          new Token("FxiOS/", "Firefox"),
          new Token("CriOS/", "Chrome"),
          new Token("Chrome/", "Chrome"));

  /**
   * Operating system tokens, most specific first: Android also sends Linux, iOS "like Mac OS X".
   */
  private static final List<Token> SYSTEMS =
      List.of(
          new Token("Windows", "Windows"),
          new Token("iPhone", "iOS"),
          new Token("iPad", "iPadOS"),
          new Token("Android", "Android"),
          new Token("CrOS", "ChromeOS"),
          new Token("Mac OS X", "macOS"),
          new Token("Linux", "Linux"));

  @Override
  public ClientFamily family(String userAgent) {
    String ua = userAgent.strip();
    if (ua.isEmpty()) {
      return ClientFamily.UNKNOWN;
    }
    Optional<String> os =
        SYSTEMS.stream().filter(s -> ua.contains(s.marker())).map(Token::name).findFirst();
    for (Token b : BROWSERS) {
      int at = ua.indexOf(b.marker());
      if (at >= 0) {
        return new ClientFamily(Optional.of(b.name()), major(ua, at + b.marker().length()), os);
      }
    }
    int safari = ua.indexOf("Version/");
    if (safari >= 0 && ua.contains("Safari/")) {
      return new ClientFamily(Optional.of("Safari"), major(ua, safari + 8), os);
    }
    int slash = ua.indexOf('/');
    if (slash > 0 && !ua.startsWith("Mozilla/") && product(ua.substring(0, slash))) {
      return new ClientFamily(
          Optional.of(ua.substring(0, slash)), major(ua, slash + 1), Optional.empty());
    }
    return new ClientFamily(Optional.empty(), Optional.empty(), os);
  }

  /** The digits at {@code from}, up to the first non-digit, if there are any. */
  private static Optional<String> major(String ua, int from) {
    int end = from;
    while (end < ua.length() && end - from < 6 && Character.isDigit(ua.charAt(end))) {
      end++;
    }
    return end > from ? Optional.of(ua.substring(from, end)) : Optional.empty();
  }

  /** Whether {@code name} looks like an RFC 9110 product name a person would recognise. */
  private static boolean product(String name) {
    if (name.length() > 40 || !Character.isLetter(name.charAt(0))) {
      return false;
    }
    return name.chars()
        .allMatch(
            c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.'));
  }
}
