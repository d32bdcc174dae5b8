package dev.vigil.account;

import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A username as the person typed it ({@code display}) and its {@code key}: NFKC, trimmed, lower
 * case, NFKC again. Two usernames with the same key are the same account, so full-width, ligature
 * and case variants cannot be registered twice. Mixing Latin with Cyrillic or Greek letters is
 * refused, since those scripts share look-alike letters ("раypal").
 */
public record Username(String display, String key) {
  /** The longest username, in characters after normalisation. */
  public static final int MAX_LENGTH = 64;

  private static final Set<UnicodeScript> CONFUSABLE =
      EnumSet.of(UnicodeScript.LATIN, UnicodeScript.CYRILLIC, UnicodeScript.GREEK);

  /** The username for {@code typed}, or why it is refused. */
  public static Result parse(String typed) {
    String display = Normalizer.normalize(typed, Normalizer.Form.NFKC).strip();
    if (display.isEmpty() || display.length() > MAX_LENGTH) {
      return new Result.Refused("a username is 1-" + MAX_LENGTH + " characters");
    }
    if (display
        .codePoints()
        .anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
      return new Result.Refused("a username has no spaces or control characters");
    }
    Set<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
    display.codePoints().filter(Character::isLetter).forEach(c -> scripts.add(UnicodeScript.of(c)));
    scripts.retainAll(CONFUSABLE);
    if (scripts.size() > 1) {
      return new Result.Refused("a username may not mix Latin, Cyrillic and Greek letters");
    }
    String key = Normalizer.normalize(display.toLowerCase(Locale.ROOT), Normalizer.Form.NFKC);
    return new Result.Ok(new Username(display, key));
  }

  /** The outcome of {@link #parse}. */
  public sealed interface Result {
    record Ok(Username username) implements Result {}

    record Refused(String why) implements Result {}

    /** The username, if accepted. */
    default Optional<Username> accepted() {
      return this instanceof Ok ok ? Optional.of(ok.username()) : Optional.empty();
    }
  }

  @Override
  public String toString() {
    return display;
  }
}
