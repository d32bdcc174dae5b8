package dev.vigil.server.notify;

import dev.vigil.account.SecretBox;
import dev.vigil.notice.Outbox;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The webhook endpoints: added with a URL, an optional filter of notice types and an optional
 * secret (a fresh one otherwise), listed, and removed. Secrets are kept sealed with the keyring and
 * opened only to sign a delivery.
 */
public final class Webhooks {
  /** The longest URL accepted. */
  public static final int MAX_URL = 2000;

  private static final Pattern ID = Pattern.compile("whk_[A-Za-z0-9_-]{22}");

  private final Outbox outbox;
  private final SecretBox box;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public Webhooks(Outbox outbox, SecretBox box, Clock clock) {
    this.outbox = outbox;
    this.box = box;
    this.clock = clock;
  }

  /** A new endpoint and its secret, shown once. */
  public record Added(Outbox.Endpoint endpoint, String secret) {
    @Override
    public String toString() {
      return "Added[" + endpoint.id() + " " + endpoint.url() + "]";
    }
  }

  /**
   * Adds an endpoint.
   *
   * @param events the notice types it wants (see {@link Notices#TYPES}); empty for all
   * @param secret a {@code whsec_} secret, or empty for a fresh one
   * @throws IllegalArgumentException naming the field that is wrong ({@code url: ...})
   */
  public Added add(String url, Set<String> events, Optional<String> secret) {
    URI uri = checkUrl(url);
    for (String e : events) {
      if (!Notices.TYPES.contains(e)) {
        throw new IllegalArgumentException(
            "events: '" + e + "' is not a notice type; expected some of " + Notices.TYPES);
      }
    }
    String key =
        secret
            .map(
                s -> {
                  try {
                    StandardWebhooks.key(s);
                    return s;
                  } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException("secret: " + bad.getMessage());
                  }
                })
            .orElseGet(() -> StandardWebhooks.newSecret(random));
    byte[] idBytes = new byte[16];
    random.nextBytes(idBytes);
    String id = "whk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes);
    Outbox.Endpoint endpoint =
        new Outbox.Endpoint(
            id,
            uri.toString(),
            box.seal(key.getBytes(java.nio.charset.StandardCharsets.US_ASCII), id),
            events,
            clock.instant());
    outbox.addEndpoint(endpoint);
    return new Added(endpoint, key);
  }

  /** Every endpoint, oldest first. */
  public List<Outbox.Endpoint> list() {
    return outbox.endpoints();
  }

  /** Removes an endpoint; false when there is none with this id. */
  public boolean remove(String id) {
    return ID.matcher(id).matches() && outbox.removeEndpoint(id, clock.instant());
  }

  /** Whether {@code id} looks like an endpoint id. */
  public static boolean isId(String id) {
    return ID.matcher(id).matches();
  }

  /** The signing key of an endpoint. */
  byte[] key(Outbox.Endpoint e) {
    return StandardWebhooks.key(
        new String(box.open(e.sealedSecret(), e.id()), java.nio.charset.StandardCharsets.US_ASCII));
  }

  private static URI checkUrl(String url) {
    if (url.length() > MAX_URL) {
      throw new IllegalArgumentException("url: must be at most " + MAX_URL + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("url: is not a URL (" + e.getReason() + ")");
    }
    String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("url: must be an absolute http or https URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("url: must name a host");
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException("url: must not carry credentials; use the secret");
    }
    if (uri.getFragment() != null) {
      throw new IllegalArgumentException("url: must not have a fragment");
    }
    return uri;
  }
}
