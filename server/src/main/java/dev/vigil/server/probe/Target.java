package dev.vigil.server.probe;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * The one deployment a probe may talk to: scheme, host, port and path prefix of the base URL the
 * operator gave ({@code https://vigil.example:8443} or {@code https://app.example/auth}). A URI
 * belongs to the target when its scheme, host and port are the same (case-insensitive, default
 * ports made explicit) and its path lies under the prefix.
 *
 * @param scheme {@code http} or {@code https}, lower case
 * @param host lower case, IPv6 literals in brackets
 * @param port the explicit port, 80 or 443 when the URL gave none
 * @param prefix the base path without a trailing slash, {@code ""} for none
 */
public record Target(String scheme, String host, int port, String prefix) {

  /**
   * The target of {@code url}, or empty when it is not {@code http(s)://host[:port][/path]} without
   * user info, query or fragment.
   */
  public static Optional<Target> parse(String url) {
    try {
      URI u = new URI(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https"))
          || u.getHost() == null
          || u.getRawUserInfo() != null
          || u.getRawQuery() != null
          || u.getRawFragment() != null) {
        return Optional.empty();
      }
      String path = u.getRawPath() == null ? "" : u.getRawPath();
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      return Optional.of(
          new Target(scheme, u.getHost().toLowerCase(Locale.ROOT), port(scheme, u), path));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** The address of {@code path} ({@code /v1/sessions}) on this target. */
  public URI uri(String path) {
    if (!path.startsWith("/") || path.startsWith("//")) {
      throw new IllegalArgumentException("a probe path starts with one slash, was " + path);
    }
    return URI.create(origin() + prefix + path);
  }

  /** Whether {@code uri} is on this target: same scheme, host and port, path under the prefix. */
  public boolean owns(URI uri) {
    if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
      return false;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return scheme.equals(this.scheme)
        && uri.getHost().toLowerCase(Locale.ROOT).equals(host)
        && port(scheme, uri) == port
        && (prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/"));
  }

  /** {@code scheme://host[:port]} as a browser writes it in an {@code Origin} header. */
  public String origin() {
    boolean standard = scheme.equals("http") ? port == 80 : port == 443;
    return scheme + "://" + host + (standard ? "" : ":" + port);
  }

  /** The base URL, for reports. */
  @Override
  public String toString() {
    return origin() + prefix;
  }

  /** Whether the target is reached over TLS. */
  public boolean https() {
    return scheme.equals("https");
  }

  /**
   * Whether the host is a loopback address ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}): a
   * development or test node, where plain HTTP is expected. Decided without a DNS look-up.
   */
  public boolean loopback() {
    if (host.equals("localhost")) {
      return true;
    }
    String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!literal.matches("[0-9.]+|[0-9a-f:.]*:[0-9a-f:.]*")) {
      return false;
    }
    try {
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static int port(String scheme, URI u) {
    return u.getPort() != -1 ? u.getPort() : scheme.equals("https") ? 443 : 80;
  }
}
