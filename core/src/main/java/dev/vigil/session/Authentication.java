package dev.vigil.session;

import java.time.Instant;
import java.util.List;

/**
 * How and when the person behind a session last proved who they are: the methods used (RFC 8176
 * names such as {@code pwd}, {@code otp}), the time, and the authenticator assurance level (1 or 2,
 * NIST SP 800-63B).
 */
public record Authentication(List<String> methods, Instant time, int aal) {
  /** The form of a method name: 1-32 of {@code a-z 0-9 _ -}. */
  public static final java.util.regex.Pattern METHOD =
      java.util.regex.Pattern.compile("[a-z0-9_-]{1,32}");

  public Authentication {
    methods = List.copyOf(methods);
    if (methods.size() > 16 || !methods.stream().allMatch(m -> METHOD.matcher(m).matches())) {
      throw new IllegalArgumentException(
          "auth methods must be at most 16 names of 1-32 [a-z0-9_-]");
    }
    if (aal < 1 || aal > 3) {
      throw new IllegalArgumentException("aal must be 1, 2 or 3, was " + aal);
    }
  }

  /**
   * The assurance level the methods imply when the caller states none: 2 when a second factor
   * ({@code otp}, {@code hwk}, {@code swk}, {@code mfa}) is among them, else 1.
   */
  public static int impliedAal(List<String> methods) {
    boolean secondFactor =
        methods.stream().anyMatch(m -> List.of("otp", "hwk", "swk", "mfa").contains(m));
    return secondFactor && methods.size() > 1 || methods.contains("mfa") ? 2 : 1;
  }
}
