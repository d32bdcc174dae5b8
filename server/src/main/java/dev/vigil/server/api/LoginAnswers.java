package dev.vigil.server.api;

import dev.vigil.account.LoginResult;
import dev.vigil.account.MfaService;
import dev.vigil.account.Reauthenticated;
import dev.vigil.account.Reauthentication;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answers of the calls that check a password or a code: every failure looks alike (401 {@code
 * INVALID_CREDENTIALS} or {@code MFA_INVALID}, 429 {@code THROTTLED} with {@code Retry-After}),
 * whatever its true reason.
 */
final class LoginAnswers {
  private LoginAnswers() {}

  /** Writes the answer to a sign-in, a second factor or a failed re-authentication. */
  static void answer(Context ctx, LoginResult result, Clock clock) {
    Instant now = clock.instant();
    switch (result) {
      case LoginResult.MfaRequired m ->
          Http.json(
              ctx,
              200,
              g -> {
                g.writeStartObject();
                g.writeBooleanField("mfa_required", true);
                g.writeStringField("challenge", m.challenge());
                g.writeNumberField("expires_in", MfaService.CHALLENGE_TTL.toSeconds());
                g.writeEndObject();
              });
      case LoginResult.MfaInvalid bad ->
          Http.problem(
              ctx,
              new Problem(
                  "mfa-invalid",
                  "Sign-in failed",
                  401,
                  "The code is not right, was already used, or the sign-in took too long. Please try again.",
                  Map.of("reason", "MFA_INVALID")));
      case LoginResult.SignedIn in ->
          Http.json(
              ctx,
              200,
              g -> SessionJson.issued(g, in.issued().token(), in.issued().session(), now));
      case LoginResult.InvalidCredentials bad -> Http.problem(ctx, invalidCredentials());
      case LoginResult.Throttled t -> {
        long seconds = Math.max(1, (t.retryAfter().toMillis() + 999) / 1000);
        ctx.header("Retry-After", Long.toString(seconds));
        Http.problem(
            ctx,
            new Problem(
                "throttled",
                "Too many attempts",
                429,
                "Too many failed sign-ins for this account. Please wait "
                    + seconds
                    + " seconds and try again.",
                Map.of("reason", "THROTTLED", "action", "retry", "retry_after", seconds)));
      }
      case LoginResult.PasswordChangeRequired p ->
          Http.problem(
              ctx,
              new Problem(
                  "password-change-required",
                  "A new password is required",
                  403,
                  "Your password is too short to sign in with it alone. Please choose a new one.",
                  Map.of(
                      "reason",
                      "PASSWORD_CHANGE_REQUIRED",
                      "action",
                      "change_password",
                      "reset_token",
                      p.resetToken(),
                      "expires_at",
                      p.expiresAt().toString())));
    }
  }

  static Problem invalidCredentials() {
    return new Problem(
        "invalid-credentials",
        "Sign-in failed",
        401,
        "The username or password is not right.",
        Map.of("reason", "INVALID_CREDENTIALS"));
  }

  /**
   * The proof of a re-authentication, or empty after writing why there is none (401/429 like a
   * sign-in, 403 {@code STEP_UP_REQUIRED} for a session that is not fresh, 404 for no such user).
   */
  static Optional<Reauthenticated> proof(
      Context ctx, Reauthentication.Outcome outcome, Clock clock) {
    switch (outcome) {
      case Reauthentication.Outcome.Confirmed c -> {
        return Optional.of(c.proof());
      }
      case Reauthentication.Outcome.Failed f -> answer(ctx, f.result(), clock);
      case Reauthentication.Outcome.NotFresh n ->
          Http.problem(
              ctx,
              new Problem(
                  "step-up-required",
                  "A fresh authentication is required",
                  403,
                  n.why(),
                  Map.of(
                      "field",
                      "token",
                      "reason",
                      "STEP_UP_REQUIRED",
                      "action",
                      "step_up",
                      "required",
                      Map.of(
                          "max_auth_age",
                          Reauthentication.FRESH_AUTH.toString(),
                          "methods",
                          List.of("pwd", "otp", "lookup")))));
      case Reauthentication.Outcome.NoSuchUser n ->
          throw new ApiError(Problem.notFound("No such user."));
    }
    return Optional.empty();
  }
}
