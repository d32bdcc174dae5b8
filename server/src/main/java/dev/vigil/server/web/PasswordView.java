package dev.vigil.server.web;

import java.util.Optional;

/**
 * The password change form. Public only because the compiled template reads it. Never holds a
 * password: a refused form is shown empty again.
 *
 * @param minLength the fewest characters a new password may have for this account
 * @param error why the last attempt was refused (for the policy, the strength check's own words)
 * @param invalid the name of the field the error is about, or empty
 */
public record PasswordView(int minLength, Optional<String> error, String invalid) {
  /** Whether {@code field} is the one the error is about. */
  public boolean invalid(String field) {
    return error.isPresent() && invalid.equals(field);
  }
}
