package dev.vigil.server.api;

import dev.vigil.access.Scope;
import dev.vigil.account.LoginResult;
import dev.vigil.account.MfaService;
import dev.vigil.account.Reauthenticated;
import dev.vigil.account.Reauthentication;
import dev.vigil.client.ClientContext;
import dev.vigil.id.UserId;
import dev.vigil.server.account.QrSvg;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * TOTP enrolment and removal by the account holder: {@code POST /v1/users/{id}/totp} and {@code
 * DELETE /v1/users/{id}/totp} need a re-authentication in the body, the password or the token of a
 * session of that user authenticated within five minutes (ASVS 5.0 7.5.1); {@code POST
 * /v1/users/{id}/totp/confirm} finishes the enrolment with a first code.
 */
public final class TotpRoutes {
  private final MfaService mfa;
  private final Reauthentication reauthentication;
  private final Callers callers;
  private final Clock clock;

  public TotpRoutes(
      MfaService mfa, Reauthentication reauthentication, Callers callers, Clock clock) {
    this.mfa = mfa;
    this.reauthentication = reauthentication;
    this.callers = callers;
    this.clock = clock;
  }

  /** Adds the routes. */
  public void register(RoutesConfig config) {
    Endpoints routes = new Endpoints(config);
    routes.post("/v1/users/{id}/totp", this::enrol);
    routes.delete("/v1/users/{id}/totp", this::remove);
    routes.post("/v1/users/{id}/totp/confirm", this::confirm);
  }

  private void enrol(Context ctx) {
    callers.require(ctx, Scope.ACCOUNTS);
    UserId id = AccountRoutes.userId(ctx);
    Optional<Reauthenticated> proof = reauthenticate(ctx, id);
    if (proof.isEmpty()) {
      return;
    }
    switch (mfa.enrol(proof.get())) {
      case MfaService.Enrolling.Offered o ->
          Http.json(
              ctx,
              200,
              g -> {
                g.writeStartObject();
                g.writeStringField("secret", o.offer().secret());
                g.writeStringField("otpauth_uri", o.offer().otpauthUri());
                g.writeStringField("qr_svg", QrSvg.of(o.offer().otpauthUri()));
                g.writeEndObject();
              });
      case MfaService.Enrolling.AlreadyConfirmed a ->
          throw new ApiError(
              new Problem(
                  "mfa-enrolled",
                  "TOTP is already on",
                  409,
                  "This user already has a confirmed authenticator; remove it first"
                      + " (DELETE /v1/users/{id}/totp).",
                  Map.of()));
      case MfaService.Enrolling.NoSuchUser n ->
          throw new ApiError(Problem.notFound("No such user."));
    }
  }

  private void remove(Context ctx) {
    callers.require(ctx, Scope.ACCOUNTS);
    UserId id = AccountRoutes.userId(ctx);
    Optional<Reauthenticated> proof = reauthenticate(ctx, id);
    if (proof.isEmpty()) {
      return;
    }
    if (!mfa.remove(proof.get(), ClientContext.UNKNOWN)) {
      throw new ApiError(Problem.notFound("This user has no authenticator."));
    }
    ctx.status(204);
  }

  /**
   * Reads {@code {password}} or {@code {token}} and re-authenticates with it; empty after writing
   * the refusal.
   */
  private Optional<Reauthenticated> reauthenticate(Context ctx, UserId id) {
    Fields f = JsonBody.read(ctx, false).only("password", "token", "client");
    Optional<String> password =
        f.optionalString("password", dev.vigil.account.PasswordPolicy.MAX_BYTES * 2)
            .map(p -> SignInRoutes.password(f, "password"));
    Optional<String> token = f.optionalString("token", Requests.MAX_TOKEN);
    if (password.isPresent() == token.isPresent()) {
      throw f.bad(
          "password",
          "or token: exactly one is required, to confirm it is the account holder"
              + " (a session authenticated within the last 5 minutes)");
    }
    ClientContext client = Requests.client(f);
    Reauthentication.Outcome outcome =
        password.isPresent()
            ? reauthentication.withPassword(id, password.get(), client)
            : reauthentication.withFreshSession(id, token.get(), client);
    return LoginAnswers.proof(ctx, outcome, clock);
  }

  private void confirm(Context ctx) {
    callers.require(ctx, Scope.ACCOUNTS);
    UserId id = AccountRoutes.userId(ctx);
    Fields f = JsonBody.read(ctx, false).only("code");
    String code = f.string("code", 32);
    switch (mfa.confirm(id, code)) {
      case MfaService.Confirming.Confirmed c ->
          Http.json(
              ctx,
              200,
              g -> {
                g.writeStartObject();
                g.writeArrayFieldStart("recovery_codes");
                for (String rc : c.recoveryCodes()) {
                  g.writeString(rc);
                }
                g.writeEndArray();
                g.writeEndObject();
              });
      case MfaService.Confirming.InvalidCode bad ->
          throw new ApiError(
              new Problem(
                  "mfa-invalid",
                  "The code is not right",
                  400,
                  "The code does not match the authenticator; check the device's clock and try the next code.",
                  Map.of("field", "code", "reason", "MFA_INVALID")));
      case MfaService.Confirming.Throttled t ->
          LoginAnswers.answer(ctx, new LoginResult.Throttled(t.retryAfter()), clock);
      case MfaService.Confirming.NotEnrolled n ->
          throw new ApiError(
              new Problem(
                  "mfa-not-enrolled",
                  "No enrolment to confirm",
                  409,
                  "Start with POST /v1/users/{id}/totp.",
                  Map.of()));
    }
  }
}
