package dev.vigil.account;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The deployment's password rules and hashing in one place: the length policy ({@link
 * PasswordPolicy}), the strength check with its context words (NIST SP 800-63B-4 section 3.1.1.2,
 * ASVS 5.0 6.2.11: the username, the e-mail and its parts, the service's own name and the
 * operator's words), and Argon2id ({@link PasswordHasher}). Thread-safe.
 */
public final class Passwords {
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final PasswordStrength strength;
  private final List<String> serviceWords;
  private final String dummyHash;

  /**
   * @param serviceWords words every guesser of this deployment tries first: the service's name and
   *     the operator's list ({@code password_context_words})
   */
  public Passwords(
      PasswordHasher hasher,
      PasswordPolicy policy,
      PasswordStrength strength,
      List<String> serviceWords) {
    this.hasher = hasher;
    this.policy = policy;
    this.strength = strength;
    this.serviceWords = List.copyOf(serviceWords);
    this.dummyHash = hasher.decoy();
  }

  /** The length rules. */
  public PasswordPolicy policy() {
    return policy;
  }

  /**
   * Why {@code password} may not be set for this account, in words for the person; empty when it
   * may.
   */
  public Optional<String> weakness(
      String password, boolean secondFactor, Username username, Optional<String> email) {
    return policy.check(password, secondFactor, context(username, email), strength);
  }

  /**
   * Whether {@code password} is too short to sign in alone, without a second factor (NIST SP
   * 800-63B-4 section 3.1.1.2: 15 characters for single-factor use): set while TOTP was on, or
   * before the policy was raised.
   */
  public boolean tooShortAlone(String password) {
    return password.codePointCount(0, password.length()) < policy.minLength();
  }

  /** A new Argon2id hash. */
  public String hash(String password) {
    return hasher.hash(password);
  }

  /**
   * Whether {@code password} matches the hash of {@code user}; for an absent user a dummy hash is
   * verified instead, so that the answer costs the same time either way (and is false).
   */
  public boolean matches(String password, Optional<User> user) {
    boolean fits = password.getBytes(StandardCharsets.UTF_8).length <= PasswordPolicy.MAX_BYTES;
    String phc = user.map(User::passwordHash).orElse(dummyHash);
    return fits && hasher.verify(password, phc) && user.isPresent();
  }

  /** Whether {@code phc} was made with other parameters than the current ones. */
  public boolean needsRehash(String phc) {
    return hasher.needsRehash(phc);
  }

  private List<String> context(Username username, Optional<String> email) {
    List<String> words = new ArrayList<>(List.of(username.display(), username.key()));
    email.ifPresent(
        e -> {
          words.add(e);
          words.addAll(List.of(e.split("[@._+-]")));
        });
    words.addAll(serviceWords);
    return words;
  }
}
