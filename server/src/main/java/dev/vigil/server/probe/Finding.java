package dev.vigil.server.probe;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The outcome of one check of {@code vigil probe}: what was sent, what came back, and the verdict.
 * Neither {@code sent} nor {@code seen} ever holds an API key, password or token: they describe
 * them ("the session's token with one MAC character changed").
 *
 * @param outcome PASS, WARN, SKIP or FAIL
 * @param id a stable, dotted name for scripts, such as {@code token.tampered}
 * @param title what is checked, in a few words
 * @param references the requirements the check holds the deployment to, such as {@code ASVS 5.0
 *     7.2.4}, {@code NIST SP 800-63B-4 §5.1} or {@code RFC 6750 §3}; may be empty
 * @param sent the requests, in words
 * @param seen the answers, or why the check was skipped
 */
public record Finding(
    Outcome outcome, String id, String title, List<String> references, String sent, String seen) {
  private static final Pattern ID = Pattern.compile("[a-z]+(\\.[a-z_]+)+");

  public Finding {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("a check id is dotted lower-case words, was " + id);
    }
    references = List.copyOf(references);
  }

  /**
   * What a check is and what it cites, shared by its outcomes.
   *
   * @param id as {@link Finding#id}
   * @param title as {@link Finding#title}
   * @param references as {@link Finding#references}
   */
  public record Ref(String id, String title, List<String> references) {
    public Ref {
      references = List.copyOf(references);
    }

    /** A reference citing {@code references} in order. */
    static Ref of(String id, String title, String... references) {
      return new Ref(id, title, List.of(references));
    }

    Finding pass(String sent, String seen) {
      return new Finding(Outcome.PASS, id, title, references, sent, seen);
    }

    Finding warn(String sent, String seen) {
      return new Finding(Outcome.WARN, id, title, references, sent, seen);
    }

    Finding skip(String sent, String why) {
      return new Finding(Outcome.SKIP, id, title, references, sent, why);
    }

    Finding fail(String sent, String seen) {
      return new Finding(Outcome.FAIL, id, title, references, sent, seen);
    }

    /** PASS when {@code passed}, else FAIL, with the same words. */
    Finding judge(boolean passed, String sent, String seen) {
      return passed ? pass(sent, seen) : fail(sent, seen);
    }
  }
}
