package dev.vigil.server.account;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import dev.vigil.account.PasswordStrength;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link PasswordStrength} by zxcvbn4j: a password scoring below {@value #MIN_SCORE} of 4 (common
 * passwords, dictionary words, keyboard patterns, dates, the username or e-mail) is refused with
 * zxcvbn's own warning and first suggestion.
 */
public final class ZxcvbnStrength implements PasswordStrength {
  /** The lowest acceptable zxcvbn score (0-4). */
  public static final int MIN_SCORE = 3;

  private final Zxcvbn zxcvbn = new Zxcvbn();

  @Override
  public Optional<String> weakness(String password, List<String> context) {
    if (mostlyContext(password, context)) {
      return Optional.of("The password is mostly your username or e-mail address.");
    }
    Strength s = zxcvbn.measure(password, context);
    if (s.getScore() >= MIN_SCORE) {
      return Optional.empty();
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

  /**
   * Whether little is left of the password once the context words (three letters or more) and
   * everything but letters are taken out: zxcvbn scores "changer changer" for user "changer" as
   * strong, a guesser would try it first.
   */
  static boolean mostlyContext(String password, List<String> context) {
    String rest = password.toLowerCase(Locale.ROOT);
    for (String word : context) {
      String w = word.toLowerCase(Locale.ROOT);
      if (w.length() >= 3) {
        rest = rest.replace(w, "");
      }
    }
    return rest.codePoints().filter(Character::isLetter).count() < 6;
  }
}
