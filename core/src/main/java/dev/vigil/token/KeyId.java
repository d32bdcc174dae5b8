package dev.vigil.token;

import java.util.regex.Pattern;

/**
 * The identifier of a signing key, carried in clear in every token so that the verifier knows
 * which key to check it with. One to twelve characters of {@code a-z 0-9}.
 */
public record KeyId(String value) {
  private static final Pattern FORM = Pattern.compile("[a-z0-9]{1,12}");

  public KeyId {
    if (!FORM.matcher(value).matches()) {
      throw new IllegalArgumentException("key id must be 1-12 of [a-z0-9], was " + value.length() + " chars");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
