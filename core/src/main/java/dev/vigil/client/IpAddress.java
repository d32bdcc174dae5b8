package dev.vigil.client;

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
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  /** The address if {@code text} is an IPv4 or IPv6 literal; empty otherwise. */
  public static Optional<IpAddress> parse(String text) {
    byte[] v4 = ipv4(text);
    if (v4 != null) {
      try {
        return Optional.of(new IpAddress(InetAddress.getByAddress(v4)));
      } catch (UnknownHostException e) {
        throw new IllegalStateException("four bytes are always an address", e);
      }
    }
    boolean v6 = text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches();
    if (!v6) {
      return Optional.empty();
    }
    try {
      // Only literals reach here: InetAddress parses them without any name lookup.
      return Optional.of(new IpAddress(InetAddress.getByName(text)));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /**
   * The four bytes of a dotted-quad literal (no leading zeros, each part 0-255), or null. Written
   * out by hand because it runs on every verify that names a client.
   */
  private static byte[] ipv4(String text) {
    int n = text.length();
    if (n < 7 || n > 15) {
      return null;
    }
    byte[] out = new byte[4];
    int part = 0;
    int value = -1;
    int digits = 0;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? text.charAt(i) : '.';
      if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) {
          return null;
        }
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        digits++;
        if (value > 255) {
          return null;
        }
      } else if (c == '.' && digits > 0 && part < 4) {
        out[part++] = (byte) value;
        value = -1;
        digits = 0;
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
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
