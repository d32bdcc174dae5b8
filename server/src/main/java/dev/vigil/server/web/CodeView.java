package dev.vigil.server.web;

import java.util.Optional;

/**
 * The second step of a sign-in: a TOTP code, or a recovery code when {@code recovery}. Public only
 * because the compiled template reads it.
 *
 * @param challenge the single-use challenge of the first step (five minutes)
 * @param returnTo the checked {@code return_to} path, or empty for the default page
 */
public record CodeView(
    String challenge, String returnTo, boolean recovery, Optional<String> error) {
  @Override
  public String toString() {
    return "CodeView[recovery=" + recovery + "]";
  }
}
