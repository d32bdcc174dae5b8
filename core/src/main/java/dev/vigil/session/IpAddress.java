package dev.vigil.session;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A client's IP address, parsed from a literal only (never resolved through DNS). Its {@link
 * #network()} is the /24 for IPv4 and the /48 for IPv6, the granularity at which a bound session
 * compares networks.
 */
public record IpAddress(InetAddress address) {
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  /** The address if {@code text} is an IPv4 or IPv6 literal; empty otherwise. */
  public static Optional<IpAddress> parse(String text) {
    boolean v4 = IPV4.matcher(text).matches();
    boolean v6 = !v4 && text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches();
    if (!v4 && !v6) {
      return Optional.empty();
    }
    try {
      // Only literals reach here: InetAddress parses them without any name lookup.
      return Optional.of(new IpAddress(InetAddress.getByName(text)));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** The canonical text form (IPv6 compressed by the JDK's rules). */
  public String text() {
    return address.getHostAddress();
  }

  /** The network this address belongs to for binding: /24 (IPv4) or /48 (IPv6), as text. */
  public String network() {
    byte[] b = address.getAddress();
    int keep = b.length == 4 ? 3 : 6;
    byte[] prefix = Arrays.copyOf(b, b.length);
    Arrays.fill(prefix, keep, prefix.length, (byte) 0);
    try {
      return InetAddress.getByAddress(prefix).getHostAddress() + (b.length == 4 ? "/24" : "/48");
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a 4 or 16 byte address is always valid", e);
    }
  }

  @Override
  public String toString() {
    return text();
  }
}
