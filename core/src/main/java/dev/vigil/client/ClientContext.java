package dev.vigil.client;

import java.util.Optional;

/** What the application tells Vigil about the client behind a request; both parts optional. */
public record ClientContext(Optional<IpAddress> ip, Optional<String> userAgent) {
  /** The longest user agent kept; longer ones are refused at the edge. */
  public static final int MAX_USER_AGENT = 1024;

  /** No client information. */
  public static final ClientContext UNKNOWN = new ClientContext(Optional.empty(), Optional.empty());

  public ClientContext {
    userAgent.ifPresent(
        ua -> {
          if (ua.length() > MAX_USER_AGENT) {
            throw new IllegalArgumentException("user agent longer than " + MAX_USER_AGENT);
          }
        });
  }

  /**
   * Whether a request from {@code other} matches a session bound to this context: the same user
   * agent and the same network ({@link IpAddress#network()}). A part this context lacks is not
   * compared; a part this context has and {@code other} lacks does not match.
   */
  public boolean matchesBinding(ClientContext other) {
    boolean uaOk = userAgent.isEmpty() || userAgent.equals(other.userAgent);
    boolean ipOk =
        ip.isEmpty() || other.ip.isPresent() && ip.get().network().equals(other.ip.get().network());
    return uaOk && ipOk;
  }
}
