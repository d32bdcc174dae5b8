package dev.vigil.session;

import dev.vigil.client.ClientContext;
import dev.vigil.client.KeywordUserAgents;
import dev.vigil.client.UserAgents;

/**
 * Watches sessions that are not bound to their client for a change of client: presented from
 * another network (IPv4 /24, IPv6 /48) <em>and</em> another browser family (version aside) than the
 * session was last used from. Either alone is common (a phone changing networks, a browser
 * updating); both at once is what a copied token used elsewhere looks like. What follows is the
 * deployment's {@link ClientChange} policy. A session that was never given a client has nothing to
 * compare with and is never "changed". Thread-safe.
 *
 * @param policy what a change does
 * @param agents tells browser families apart; asked only when both the network and the user agent
 *     string differ, so the verify path pays for it only on a likely change
 */
public record ClientWatch(ClientChange policy, UserAgents agents) {
  /** Notify, telling families apart by keywords (tests and tools without an analyzer). */
  public static final ClientWatch DEFAULT =
      new ClientWatch(ClientChange.NOTIFY, new KeywordUserAgents());

  /** Whether {@code presented} differs from {@code recorded} in network and browser family. */
  public boolean moved(ClientContext recorded, ClientContext presented) {
    if (recorded.ip().isEmpty()
        || presented.ip().isEmpty()
        || recorded.userAgent().isEmpty()
        || presented.userAgent().isEmpty()) {
      return false;
    }
    if (recorded.ip().get().network().equals(presented.ip().get().network())
        || recorded.userAgent().equals(presented.userAgent())) {
      return false;
    }
    return !agents
        .family(recorded.userAgent().get())
        .withoutVersion()
        .equals(agents.family(presented.userAgent().get()).withoutVersion());
  }
}
