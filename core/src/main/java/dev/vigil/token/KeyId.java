package dev.vigil.token;

/**
 * The identifier of a signing key, carried in clear in every token so that the verifier knows which
 * key to check it with. One to twelve characters of {@code a-z 0-9}.
 */
public record KeyId(String value) {
  public KeyId {
    if (!valid(value)) {
      throw new IllegalArgumentException(
          "key id must be 1-12 of [a-z0-9], was " + value.length() + " chars");
    }
  }

  /**
   * Whether {@code text} has the form of a key id; no regular expression, it runs on every verify.
   */
  public static boolean valid(String text) {
    int n = text.length();
    if (n < 1 || n > 12) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return value;
  }
}
