package dev.vigil.account;

import java.util.List;
import java.util.Optional;

/**
 * Judges whether a password is common or guessable. The server implements it with zxcvbn4j's
 * dictionaries and score.
 */
public interface PasswordStrength {
  /**
   * Why {@code password} is too weak, in words for the person, or empty when it is strong enough.
   *
   * @param context words a guesser would try first: the username, the e-mail and its parts
   */
  Optional<String> weakness(String password, List<String> context);
}
