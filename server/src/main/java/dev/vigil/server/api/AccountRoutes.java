package dev.vigil.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.access.ApiKey;
import dev.vigil.access.Scope;
import dev.vigil.account.AccountService;
import dev.vigil.account.Accounts;
import dev.vigil.account.PasswordChange;
import dev.vigil.account.PasswordResets;
import dev.vigil.account.ResetToken;
import dev.vigil.account.User;
import dev.vigil.id.UserId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The account calls of contract v1: users (create, get, disable, delete, roles), password change
 * and resets. Sign-in is {@link SignInRoutes}, TOTP {@link TotpRoutes}.
 */
public final class AccountRoutes {
  private final AccountService accounts;
  private final PasswordResets resets;
  private final AccountService.RoleChange roleChange;
  private final Callers callers;
  private final Clock clock;

  public AccountRoutes(
      Accounts accounts, AccountService.RoleChange roleChange, Callers callers, Clock clock) {
    this.accounts = accounts.accounts();
    this.resets = accounts.resets();
    this.roleChange = roleChange;
    this.callers = callers;
    this.clock = clock;
  }

  /** Adds the routes. */
  public void register(RoutesConfig config) {
    Endpoints routes = new Endpoints(config);
    routes.post("/v1/users", this::create);
    routes.get("/v1/users/{id}", this::get);
    routes.post("/v1/users/{id}/disable", this::disable);
    routes.delete("/v1/users/{id}", this::delete);
    routes.post("/v1/users/{id}/password", this::changePassword);
    routes.post("/v1/users/{id}/roles", this::setRoles);
    routes.post("/v1/users/{id}/password-reset", this::issueReset);
    routes.post("/v1/auth/password-reset", this::redeemReset);
  }

  private void issueReset(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.ACCOUNTS);
    ResetToken t =
        resets
            .issue(userId(ctx), PasswordResets.OPERATOR_TTL, "operator", caller.name())
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
    String fresh = SignInRoutes.password(f, "new_password");
    passwordChanged(ctx, resets.redeem(token, fresh, caller.name()));
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
    Fields f =
        JsonBody.read(ctx, false).only("current_password", "token", "new_password", "client");
    String current = SignInRoutes.password(f, "current_password");
    Optional<String> token = f.optionalString("token", Requests.MAX_TOKEN);
    String fresh = SignInRoutes.password(f, "new_password");
    passwordChanged(
        ctx, accounts.changePassword(id, current, token, fresh, Requests.client(f), caller.name()));
  }

  private void passwordChanged(Context ctx, PasswordChange result) {
    switch (result) {
      case PasswordChange.Changed c ->
          Http.json(
              ctx,
              200,
              g -> {
                g.writeStartObject();
                g.writeNumberField("sessions_ended", c.sessionsEnded());
                g.writeEndObject();
              });
      case PasswordChange.Refused r ->
          Http.problem(
              ctx,
              new Problem(
                  r.reason().toLowerCase(Locale.ROOT).replace('_', '-'),
                  "The request is not valid",
                  400,
                  r.why(),
                  Map.of("field", r.field(), "reason", r.reason())));
      case PasswordChange.Failed r -> LoginAnswers.answer(ctx, r.result(), clock);
      case PasswordChange.NoSuchUser n -> throw new ApiError(Problem.notFound("No such user."));
    }
  }

  private void create(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.ACCOUNTS);
    Fields f = JsonBody.read(ctx, false).only("username", "password", "email", "roles");
    String username = f.string("username", 256);
    String password = SignInRoutes.password(f, "password");
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
                r.reason().toLowerCase(Locale.ROOT).replace('_', '-'),
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

  /** The user id of the path's {@code {id}}, or a 400 naming {@code id}. */
  static UserId userId(Context ctx) {
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
