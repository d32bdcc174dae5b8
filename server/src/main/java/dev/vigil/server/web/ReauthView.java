package dev.vigil.server.web;

import java.util.Optional;

/**
 * The step-up form. Public only because the compiled template reads it.
 *
 * @param returnTo the checked path the person goes back to afterwards
 * @param totp whether the account has TOTP, so a code is asked for as well
 * @param error why the last attempt failed, alike for every failure
 */
public record ReauthView(String returnTo, boolean totp, Optional<String> error) {}
