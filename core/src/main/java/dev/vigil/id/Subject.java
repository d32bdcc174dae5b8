package dev.vigil.id;

/**
 * The person (or account) a session belongs to, as the application names it: 1 to 256 characters,
 * no control characters, no leading or trailing white space.
 */
public record Subject(String value) {
  /** The longest subject accepted. */
  public static final int MAX_LENGTH = 256;

  public Subject {
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "subject must be 1-" + MAX_LENGTH + " characters, was " + value.length());
    }
    if (!value.strip().equals(value)) {
      throw new IllegalArgumentException("subject must not start or end with white space");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("subject must not contain control characters");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
