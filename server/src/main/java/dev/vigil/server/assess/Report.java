package dev.vigil.server.assess;

import java.util.List;

/**
 * The result of {@code vigil audit}: the checks of the configuration read here and, when a server
 * was asked, of its effective settings.
 *
 * @param aal the assurance level the timeouts were held to
 * @param sections the checks, by what they judged
 */
public record Report(Aal aal, List<Section> sections) {
  public Report {
    sections = List.copyOf(sections);
  }

  /**
   * The checks of one target.
   *
   * @param name {@code configuration} or {@code server}
   * @param source what was read, for people: the file and data directory, or the server's URL
   * @param checks in report order
   */
  public record Section(String name, String source, List<Check> checks) {
    public Section {
      checks = List.copyOf(checks);
    }
  }

  /** How many checks came out {@code status}, in every section. */
  public long count(Status status) {
    return sections.stream()
        .flatMap(s -> s.checks().stream())
        .filter(c -> c.status() == status)
        .count();
  }

  /** The exit code of {@code vigil audit}: 1 when any check failed, else 0. */
  public int exitCode() {
    return count(Status.FAIL) > 0 ? 1 : 0;
  }
}
