package dev.vigil.client;

import java.util.Optional;

/**
 * What kind of client a user agent string names, as far as it can be told: the browser or tool
 * ({@code Chrome}, {@code Firefox}, {@code Curl}), its major version, and the operating system. A
 * part that could not be told is empty; {@link #UNKNOWN} has none. Immutable.
 *
 * <p>{@link #describe()} is for people ("Chrome 131 on Windows"); {@link #withoutVersion()} is for
 * comparing clients across a browser's automatic updates ("Chrome on Windows").
 *
 * @param agent the browser or tool, if known
 * @param version its major version, if known (never present without {@code agent})
 * @param os the operating system, if known and meaningful (a robot's "Cloud" is not an OS)
 */
public record ClientFamily(Optional<String> agent, Optional<String> version, Optional<String> os) {
  /** A client nothing is known about: no user agent, or one that names no known client. */
  public static final ClientFamily UNKNOWN =
      new ClientFamily(Optional.empty(), Optional.empty(), Optional.empty());

  public ClientFamily {
    if (version.isPresent() && agent.isEmpty()) {
      throw new IllegalArgumentException("a version (" + version.get() + ") needs an agent");
    }
    if (agent.filter(String::isBlank).isPresent()
        || version.filter(String::isBlank).isPresent()
        || os.filter(String::isBlank).isPresent()) {
      throw new IllegalArgumentException("parts are absent or not blank");
    }
  }

  /** A family with every part known but the version. */
  public static ClientFamily of(String agent, String os) {
    return new ClientFamily(Optional.of(agent), Optional.empty(), Optional.of(os));
  }

  /** Whether the browser or tool is known. */
  public boolean known() {
    return agent.isPresent();
  }

  /**
   * For people: "Chrome 131 on Windows", "Curl 8", "Firefox on Linux", "an unknown client on
   * Android", or "an unknown client".
   */
  public String describe() {
    return agent.map(a -> a + version.map(v -> " " + v).orElse("")).orElse("an unknown client")
        + os.map(o -> " on " + o).orElse("");
  }

  /** The family without the version, which a browser's automatic update changes. */
  public String withoutVersion() {
    return new ClientFamily(agent, Optional.empty(), os).describe();
  }

  @Override
  public String toString() {
    return describe();
  }
}
