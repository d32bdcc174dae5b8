package dev.vigil.server.probe;

import dev.vigil.server.probe.ProbeHttp.Exchange;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without a browser, for the checks of the web pages: keeps cookies by name (their
 * attributes are judged from the raw {@code Set-Cookie} headers), sends the target's own origin in
 * {@code Origin} with every form, never follows a redirect, and reads the form token ({@code csrf})
 * of the last page. Not thread-safe.
 */
final class PageVisitor {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");

  private final ProbeHttp http;
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private String lastBody = "";

  PageVisitor(ProbeHttp http) {
    this.http = http;
  }

  /** The client every request goes through. */
  ProbeHttp http() {
    return http;
  }

  /** The cookies held, by name. */
  Map<String, String> cookies() {
    return cookies;
  }

  /** The session cookie's name, by the nonce cookie's: {@code __Host-vigil-session} or not. */
  String sessionCookie() {
    return cookies.keySet().stream()
        .filter(n -> n.endsWith("vigil-csrf"))
        .findFirst()
        .map(n -> n.replace("vigil-csrf", "vigil-session"))
        .orElse("__Host-vigil-session");
  }

  /** The session cookie held, if any. */
  Optional<String> session() {
    return Optional.ofNullable(cookies.get(sessionCookie()));
  }

  Exchange get(String path) {
    return keep(http.get(path, headers(Map.of())));
  }

  /** A form post from the target's own origin. */
  Exchange post(String path, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    return keep(
        http.post(
            path,
            headers(
                Map.of(
                    "Content-Type",
                    "application/x-www-form-urlencoded",
                    "Origin",
                    http.target().origin())),
            body));
  }

  /**
   * Signs in through the pages: {@code GET /login}, then {@code POST /login} with its form token.
   * Returns the post's answer (303 when signed in).
   */
  Exchange signIn(Deployment.ProbeUser user) {
    get("/login");
    return post(
        "/login", Map.of("csrf", csrf(), "username", user.username(), "password", user.password()));
  }

  /**
   * The form token of the last page.
   *
   * @throws Deployment.Unexpected when it has none
   */
  String csrf() {
    Matcher m = CSRF.matcher(lastBody);
    if (!m.find()) {
      throw new Deployment.Unexpected("the last page has no form token (csrf)");
    }
    return m.group(1);
  }

  /** The {@code Set-Cookie} of {@code exchange} for the cookie {@code name}, if any. */
  static Optional<String> setCookie(Exchange exchange, String name) {
    return exchange.headers("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .findFirst();
  }

  /** The value a {@code Set-Cookie} line sets. */
  static String value(String setCookie) {
    String pair = setCookie.split(";", 2)[0];
    return pair.substring(pair.indexOf('=') + 1);
  }

  private Map<String, String> headers(Map<String, String> extra) {
    Map<String, String> h = new LinkedHashMap<>(extra);
    if (!cookies.isEmpty()) {
      h.put(
          "Cookie",
          cookies.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("; ")));
    }
    return h;
  }

  private Exchange keep(Exchange r) {
    for (String c : r.headers("Set-Cookie")) {
      String pair = c.split(";", 2)[0];
      int eq = pair.indexOf('=');
      if (eq < 1) {
        continue;
      }
      String name = pair.substring(0, eq).strip();
      if (c.toLowerCase(Locale.ROOT).contains("max-age=0")) {
        cookies.remove(name);
      } else {
        cookies.put(name, pair.substring(eq + 1).strip());
      }
    }
    lastBody = r.body();
    return r;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
