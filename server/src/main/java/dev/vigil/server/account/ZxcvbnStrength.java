package dev.vigil.server.account;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import dev.vigil.account.PasswordStrength;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link PasswordStrength} by zxcvbn4j: a password made mostly of the context words (the username,
 * the e-mail, the service's names) is refused as such; any other password scoring below {@value
 * #MIN_SCORE} of 4 (common passwords, dictionary words, keyboard patterns, dates, context words
 * with little added) is refused with zxcvbn's own warning and first suggestion. No composition rule
 * applies (NIST SP 800-63B-4 section 3.1.1.2): a long random string of one kind of character is as
 * good as any.
 */
public final class ZxcvbnStrength implements PasswordStrength {
  /** The lowest acceptable zxcvbn score (0-4). */
  public static final int MIN_SCORE = 3;

  /**
   * zxcvbn with its dictionaries, loaded on the first password judged rather than at start-up (a
   * twentieth of it).
   */
  private static final class Loaded {
    static final Zxcvbn ZXCVBN = new Zxcvbn();
  }

  @Override
  public Optional<String> weakness(String password, List<String> context) {
    Optional<String> rest = withoutContext(password, context);
    Strength s = Loaded.ZXCVBN.measure(rest.orElse(password), context);
    if (s.getScore() >= MIN_SCORE) {
      return Optional.empty();
    }
    if (rest.isPresent()) {
      return Optional.of(MOSTLY_CONTEXT);
    }
    String warning = s.getFeedback().getWarning(Locale.ENGLISH);
    List<String> tips = s.getFeedback().getSuggestions(Locale.ENGLISH);
    StringBuilder why = new StringBuilder("The password is too easy to guess.");
    if (warning != null && !warning.isBlank()) {
      why.append(' ').append(warning.endsWith(".") ? warning : warning + ".");
    }
    if (!tips.isEmpty()) {
      String tip = tips.get(0);
      why.append(' ').append(tip.endsWith(".") ? tip : tip + ".");
    }
    return Optional.of(why.toString());
  }

  /** Why a password made mostly of context words is refused. */
  static final String MOSTLY_CONTEXT =
      "The password is mostly your username, your e-mail address or the name of this service;"
          + " without them, what is left is too easy to guess.";

  /**
   * The password with every context word (three characters or more, any case) taken out, when at
   * least one occurs in it; empty when none does. A guesser who targets this account or this
   * service tries those words first, so they add nothing to the password's strength: what is left
   * is judged alone. zxcvbn scores "changer changer" for user "changer", or "vigil password 2026!"
   * on a service called Vigil, as strong; a guesser would try them first. A password with no
   * context word in it is judged whole, whatever characters it is made of (no composition rule).
   */
  static Optional<String> withoutContext(String password, List<String> context) {
    String rest = password.toLowerCase(Locale.ROOT);
    boolean found = false;
    for (String word : context) {
      String w = word.toLowerCase(Locale.ROOT);
      if (w.length() >= 3 && rest.contains(w)) {
        rest = rest.replace(w, "");
        found = true;
      }
    }
    // the separators the words leave behind add nothing either (zxcvbn counts each as a random
    // character): "vigil password 2026!" is judged as "password2026!"
    return found ? Optional.of(rest.replaceAll("\\s+", "")) : Optional.empty();
  }
}
