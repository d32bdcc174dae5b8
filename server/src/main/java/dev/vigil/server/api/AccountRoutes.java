package dev.vigil.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.access.ApiKey;
import dev.vigil.access.Scope;
import dev.vigil.account.AccountService;
import dev.vigil.account.LoginResult;
import dev.vigil.account.MfaService;
import dev.vigil.account.PasswordPolicy;
import dev.vigil.account.User;
import dev.vigil.id.UserId;
import dev.vigil.server.account.LoginRateLimit;
import dev.vigil.server.account.QrSvg;
import dev.vigil.session.ClientContext;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The account calls of contract v1 implemented so far: users and password sign-in. */
public final class AccountRoutes {
  private final AccountService accounts;
  private final MfaService mfa;
  private final AccountService.RoleChange roleChange;
  private final LoginRateLimit perAddress;
  private final java.util.function.Function<ClientContext, Optional<Duration>> stuffing;
  private final Callers callers;
  private final Clock clock;

  public AccountRoutes(
      AccountService accounts,
      MfaService mfa,
      AccountService.RoleChange roleChange,
      LoginRateLimit perAddress,
      java.util.function.Function<ClientContext, Optional<Duration>> stuffing,
      Callers callers,
      Clock clock) {
    this.accounts = accounts;
    this.mfa = mfa;
    this.roleChange = roleChange;
    this.perAddress = perAddress;
    this.stuffing = stuffing;
    this.callers = callers;
    this.clock = clock;
  }

  /** Adds the routes. */
  public void register(RoutesConfig routes) {
    routes.post("/v1/users", this::create);
    routes.get("/v1/users/{id}", this::get);
    routes.post("/v1/users/{id}/disable", this::disable);
    routes.delete("/v1/users/{id}", this::delete);
    routes.post("/v1/auth/login", this::login);
    routes.post("/v1/users/{id}/totp", this::enrol);
    routes.post("/v1/users/{id}/totp/confirm", this::confirm);
    routes.post("/v1/auth/mfa", this::completeMfa);
    routes.post("/v1/auth/step-up", this::stepUp);
    routes.post("/v1/users/{id}/password", this::changePassword);
    routes.post("/v1/users/{id}/roles", this::setRoles);
    routes.post("/v1/users/{id}/password-reset", this::issueReset);
    routes.post("/v1/auth/password-reset", this::redeemReset);
  }

  private void issueReset(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.ACCOUNTS);
    AccountService.ResetToken t =
        accounts
            .issueReset(userId(ctx), caller.name())
            .orElseThrow(() -> new ApiError(Problem.notFound("No such user.")));
    Http.json(
        ctx,
        201,
        g -> {
          g.writeStartObject();
          g.writeStringField("reset_token", t.token());
          g.writeStringField("expires_at", t.expiresAt().toString());
          g.writeEndObject();
        });
  }

  private void redeemReset(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.SESSIONS);
    Fields f = JsonBody.read(ctx, false).only("reset_token", "new_password");
    String token = f.string("reset_token", 128);
    String fresh = password(f, "new_password");
    AccountService.PasswordChange result = accounts.redeemReset(token, fresh, caller.name());
    passwordChanged(ctx, result);
  }

  private void setRoles(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.ACCOUNTS);
    UserId id = userId(ctx);
    Fields f = JsonBody.read(ctx, false).only("roles");
    Set<String> roles = f.optionalRoles("roles").orElseThrow(() -> f.bad("roles", "is required"));
    User u =
        accounts
            .setRoles(id, roles, roleChange, caller.name())
            .orElseThrow(() -> new ApiError(Problem.notFound("No such user.")));
    Http.json(ctx, 200, g -> user(g, u));
  }

  private void changePassword(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.ACCOUNTS);
    UserId id = userId(ctx);
    Fields f = JsonBody.read(ctx, false).only("current_password", "token", "new_password");
    var current =
        f.optionalString("current_password", PasswordPolicy.MAX_BYTES * 2)
            .map(p -> password(f, "current_password"));
    var token = f.optionalString("token", Requests.MAX_TOKEN);
    String fresh = password(f, "new_password");
    AccountService.PasswordChange result =
        accounts.changePassword(id, current, token, fresh, caller.name());
    passwordChanged(ctx, result);
  }

  private void passwordChanged(Context ctx, AccountService.PasswordChange result) {
    switch (result) {
      case AccountService.PasswordChange.Changed c ->
          Http.json(
              ctx,
              200,
              g -> {
                g.writeStartObject();
                g.writeNumberField("sessions_ended", c.sessionsEnded());
                g.writeEndObject();
              });
      case AccountService.PasswordChange.Refused r -> {
        int status = r.reason().equals("STEP_UP_REQUIRED") ? 403 : 400;
        Http.problem(
            ctx,
            new Problem(
                r.reason().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                status == 403 ? "A fresh authentication is required" : "The request is not valid",
                status,
                r.why(),
                r.reason().equals("STEP_UP_REQUIRED")
                    ? Map.of("field", r.field(), "reason", r.reason(), "action", "step_up")
                    : Map.of("field", r.field(), "reason", r.reason())));
      }
      case AccountService.PasswordChange.Failed r -> answer(ctx, r.result());
      case AccountService.PasswordChange.NoSuchUser n ->
          throw new ApiError(Problem.notFound("No such user."));
    }
  }

  private void stepUp(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.SESSIONS);
    Fields f = JsonBody.read(ctx, false).only("token", "password", "code", "client");
    String token = Requests.token(f);
    var password =
        f.optionalString("password", PasswordPolicy.MAX_BYTES * 2)
            .map(p -> password(f, "password"));
    var code = f.optionalString("code", 32);
    if (password.isPresent() == code.isPresent()) {
      throw f.bad("password", "or code: exactly one of them is required");
    }
    AccountService.StepUp result =
        accounts.stepUp(token, password, code, Requests.client(f), caller.name());
    switch (result) {
      case AccountService.StepUp.Done d -> {
        Instant now = clock.instant();
        Http.json(
            ctx, 200, g -> SessionJson.issued(g, d.issued().token(), d.issued().session(), now));
      }
      case AccountService.StepUp.TokenRefused r ->
          Http.problem(ctx, Problem.tokenInvalid(r.verdict()));
      case AccountService.StepUp.Failed r -> answer(ctx, r.result());
    }
  }

  private void enrol(Context ctx) {
    callers.require(ctx, Scope.ACCOUNTS);
    switch (mfa.enrol(userId(ctx))) {
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
                  "This user already has a confirmed authenticator; an operator must reset it first.",
                  Map.of()));
      case MfaService.Enrolling.NoSuchUser n ->
          throw new ApiError(Problem.notFound("No such user."));
    }
  }

  private void confirm(Context ctx) {
    callers.require(ctx, Scope.ACCOUNTS);
    UserId id = userId(ctx);
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

  private void completeMfa(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.SESSIONS);
    Fields f = JsonBody.read(ctx, false).only("challenge", "code", "client");
    String challenge = f.string("challenge", 64);
    String code = f.string("code", 32);
    ClientContext client = Requests.client(f);
    Optional<Duration> wait = stuffing.apply(client).or(() -> perAddress.take(client));
    if (wait.isPresent()) {
      answer(ctx, new LoginResult.Throttled(wait.get()));
      return;
    }
    answer(ctx, mfa.complete(challenge, code, client, caller.name()));
  }

  private void create(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.ACCOUNTS);
    Fields f = JsonBody.read(ctx, false).only("username", "password", "email", "roles");
    String username = f.string("username", 256);
    String password = password(f, "password");
    var email = f.optionalString("email", 254);
    email.ifPresent(
        e -> {
          if (!e.matches("[^@\\s]+@[^@\\s]+")) {
            throw f.bad("email", "is not an e-mail address");
          }
        });
    switch (accounts.create(
        username, password, email, f.optionalRoles("roles").orElse(Set.of()), caller.name())) {
      case AccountService.Creation.Created c -> Http.json(ctx, 201, g -> user(g, c.user()));
      case AccountService.Creation.Refused r -> {
        int status = r.reason().equals("USERNAME_TAKEN") ? 409 : 400;
        Http.problem(
            ctx,
            new Problem(
                r.reason().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                status == 409 ? "The username is taken" : "The request is not valid",
                status,
                r.why(),
                Map.of("field", r.field(), "reason", r.reason())));
      }
    }
  }

  private void get(Context ctx) {
    callers.require(ctx, Scope.ACCOUNTS);
    User u =
        accounts
            .find(userId(ctx))
            .orElseThrow(() -> new ApiError(Problem.notFound("No such user.")));
    Http.json(ctx, 200, g -> user(g, u));
  }

  private void disable(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.ACCOUNTS);
    User u =
        accounts
            .disable(userId(ctx), caller.name())
            .orElseThrow(() -> new ApiError(Problem.notFound("No such user.")));
    Http.json(ctx, 200, g -> user(g, u));
  }

  private void delete(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.ACCOUNTS);
    if (!accounts.delete(userId(ctx), caller.name())) {
      throw new ApiError(Problem.notFound("No such user."));
    }
    ctx.status(204);
  }

  private void login(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.SESSIONS);
    Fields f = JsonBody.read(ctx, false).only("username", "password", "client");
    String username = f.string("username", 256);
    String password = password(f, "password");
    ClientContext client = Requests.client(f);
    Optional<Duration> wait = stuffing.apply(client).or(() -> perAddress.take(client));
    if (wait.isPresent()) {
      accounts.addressThrottled(username, client);
      answer(ctx, new LoginResult.Throttled(wait.get()));
      return;
    }
    LoginResult result = accounts.login(username, password, client, caller.name());
    answer(ctx, result);
  }

  private void answer(Context ctx, LoginResult result) {
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
      case LoginResult.InvalidCredentials bad ->
          Http.problem(
              ctx,
              new Problem(
                  "invalid-credentials",
                  "Sign-in failed",
                  401,
                  "The username or password is not right.",
                  Map.of("reason", "INVALID_CREDENTIALS")));
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
      case LoginResult.Disabled d ->
          Http.problem(
              ctx,
              new Problem(
                  "account-disabled",
                  "The account is disabled",
                  403,
                  "This account has been disabled. Please contact the administrator.",
                  Map.of("reason", "ACCOUNT_DISABLED")));
    }
  }

  /** A password field: any Unicode, refused over the policy's byte limit before anything else. */
  private static String password(Fields f, String name) {
    String p = f.string(name, PasswordPolicy.MAX_BYTES * 2);
    if (p.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > PasswordPolicy.MAX_BYTES) {
      throw f.bad(name, "is longer than " + PasswordPolicy.MAX_BYTES + " bytes");
    }
    return p;
  }

  private static UserId userId(Context ctx) {
    return UserId.parse(ctx.pathParam("id"))
        .orElseThrow(
            () ->
                new ApiError(
                    Problem.badField("id", "id must be a user id: 'usr_' and 22 characters.")));
  }

  private static void user(JsonGenerator g, User u) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", u.id().value());
    g.writeStringField("username", u.username().display());
    if (u.email().isPresent()) {
      g.writeStringField("email", u.email().get());
    }
    g.writeArrayFieldStart("roles");
    for (String r : u.roles().stream().sorted().toList()) {
      g.writeString(r);
    }
    g.writeEndArray();
    g.writeStringField("created_at", u.createdAt().toString());
    g.writeBooleanField("disabled", u.disabledAt().isPresent());
    if (u.disabledAt().isPresent()) {
      g.writeStringField("disabled_at", u.disabledAt().get().toString());
    }
    g.writeEndObject();
  }
}
