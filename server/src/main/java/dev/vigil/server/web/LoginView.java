package dev.vigil.server.web;

import java.util.Optional;

/**
 * The sign-in form. Public only because the compiled template reads it.
 *
 * @param username what was typed, to show again after a failure (never the password)
 * @param returnTo the checked {@code return_to} path, or empty for the default page
 * @param notice why the person is here (a verdict's plain words, or "you signed out")
 * @param error why the last attempt failed, alike for every failure
 * @param incident the incident of the verdict that ended the session, for "report a problem"
 */
public record LoginView(
    String username,
    String returnTo,
    Optional<String> notice,
    Optional<String> error,
    Optional<String> incident) {
  /** A form with no incident to report. */
  public LoginView(
      String username, String returnTo, Optional<String> notice, Optional<String> error) {
    this(username, returnTo, notice, error, Optional.empty());
  }
}
