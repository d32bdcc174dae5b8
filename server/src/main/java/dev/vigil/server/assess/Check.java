package dev.vigil.server.assess;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The outcome of one check of the configuration audit.
 *
 * @param status PASS, WARN or FAIL
 * @param id a stable, dotted name for scripts, such as {@code session.idle}
 * @param title what is checked, in a few words
 * @param asvs the OWASP ASVS 5.0 requirement, such as {@code 7.3.1}; empty when none applies
 * @param nist the NIST SP 800-63B-4 section, such as {@code §2.2.3}; empty when none applies
 * @param finding what was found, with the values and the limit
 * @param fix what to change; present exactly when the status is not PASS
 */
public record Check(
    Status status,
    String id,
    String title,
    Optional<String> asvs,
    Optional<String> nist,
    String finding,
    Optional<String> fix) {
  private static final Pattern ID = Pattern.compile("[a-z]+(\\.[a-z_]+)+");

  public Check {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("a check id is dotted lower-case words, was " + id);
    }
    if (fix.isPresent() == (status == Status.PASS)) {
      throw new IllegalArgumentException(
          "check " + id + ": a fix comes with WARN and FAIL only, status " + status);
    }
  }

  /** A passed check. */
  static Check pass(Ref ref, String finding) {
    return new Check(Status.PASS, ref.id(), ref.title(), ref.asvs(), ref.nist(), finding, none());
  }

  /** A warning with its fix. */
  static Check warn(Ref ref, String finding, String fix) {
    return new Check(
        Status.WARN, ref.id(), ref.title(), ref.asvs(), ref.nist(), finding, Optional.of(fix));
  }

  /** A failure with its fix. */
  static Check fail(Ref ref, String finding, String fix) {
    return new Check(
        Status.FAIL, ref.id(), ref.title(), ref.asvs(), ref.nist(), finding, Optional.of(fix));
  }

  private static Optional<String> none() {
    return Optional.empty();
  }

  /** What a check is and what it cites, shared by its three outcomes. */
  record Ref(String id, String title, Optional<String> asvs, Optional<String> nist) {
    static Ref of(String id, String title, String asvs, String nist) {
      return new Ref(id, title, optional(asvs), optional(nist));
    }

    private static Optional<String> optional(String s) {
      return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
  }
}
