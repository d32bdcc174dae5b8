package dev.vigil.server.api;

import dev.vigil.access.ApiKey;
import dev.vigil.access.Scope;
import dev.vigil.account.LoginResult;
import dev.vigil.account.MfaService;
import dev.vigil.account.PasswordPolicy;
import dev.vigil.account.SignIn;
import dev.vigil.client.ClientContext;
import dev.vigil.server.account.LoginRateLimit;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Sign-in, its second factor, and step-up: {@code POST /v1/auth/login}, {@code /v1/auth/mfa} and
 * {@code /v1/auth/step-up}. The per-address limit and the credential-stuffing rule are asked before
 * anything is checked; the per-account throttle is decided in the store ({@link SignIn}).
 */
public final class SignInRoutes {
  private final SignIn signIn;
  private final MfaService mfa;
  private final AddressLimits limits;
  private final Callers callers;
  private final Clock clock;

  /** The address limits a sign-in passes before any password is checked. */
  public record AddressLimits(
      LoginRateLimit perAddress, Function<ClientContext, Optional<Duration>> stuffing) {
    /**
     * How long {@code client} must wait before a sign-in attempt, if it must: the
     * credential-stuffing rule first, then one attempt taken from the per-address limit. The API
     * and the web pages ask this same question.
     */
    public Optional<Duration> wait(ClientContext client) {
      return stuffing.apply(client).or(() -> perAddress.take(client));
    }
  }

  public SignInRoutes(
      SignIn signIn, MfaService mfa, AddressLimits limits, Callers callers, Clock clock) {
    this.signIn = signIn;
    this.mfa = mfa;
    this.limits = limits;
    this.callers = callers;
    this.clock = clock;
  }

  /** Adds the routes. */
  public void register(RoutesConfig config) {
    Endpoints routes = new Endpoints(config);
    routes.post("/v1/auth/login", this::login);
    routes.post("/v1/auth/mfa", this::completeMfa);
    routes.post("/v1/auth/step-up", this::stepUp);
  }

  private void login(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.SESSIONS);
    Fields f = JsonBody.read(ctx, false).only("username", "password", "client");
    String username = f.string("username", 256);
    String password = password(f, "password");
    ClientContext client = Requests.client(f);
    Optional<Duration> wait = addressWait(client);
    if (wait.isPresent()) {
      signIn.addressThrottled(username, client);
      LoginAnswers.answer(ctx, new LoginResult.Throttled(wait.get()), clock);
      return;
    }
    LoginAnswers.answer(ctx, signIn.login(username, password, client, caller.name()), clock);
  }

  private void completeMfa(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.SESSIONS);
    Fields f = JsonBody.read(ctx, false).only("challenge", "code", "client");
    String challenge = f.string("challenge", 64);
    String code = f.string("code", 64);
    ClientContext client = Requests.client(f);
    Optional<Duration> wait = addressWait(client);
    if (wait.isPresent()) {
      LoginAnswers.answer(ctx, new LoginResult.Throttled(wait.get()), clock);
      return;
    }
    LoginAnswers.answer(ctx, mfa.complete(challenge, code, client, caller.name()), clock);
  }

  private void stepUp(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.SESSIONS);
    Fields f = JsonBody.read(ctx, false).only("token", "password", "code", "client");
    String token = Requests.token(f);
    var password =
        f.optionalString("password", PasswordPolicy.MAX_BYTES * 2)
            .map(p -> password(f, "password"));
    var code = f.optionalString("code", 64);
    if (password.isPresent() == code.isPresent()) {
      throw f.bad("password", "or code: exactly one of them is required");
    }
    switch (signIn.stepUp(token, password, code, Requests.client(f), caller.name())) {
      case SignIn.StepUp.Done d -> {
        Instant now = clock.instant();
        Http.json(
            ctx, 200, g -> SessionJson.issued(g, d.issued().token(), d.issued().session(), now));
      }
      case SignIn.StepUp.TokenRefused r -> Http.problem(ctx, Problem.tokenInvalid(r.verdict()));
      case SignIn.StepUp.Failed r -> LoginAnswers.answer(ctx, r.result(), clock);
      case SignIn.StepUp.Contended c -> Http.problem(ctx, Problem.contended());
    }
  }

  private Optional<Duration> addressWait(ClientContext client) {
    return limits.wait(client);
  }

  /** A password field: any Unicode, refused over the policy's byte limit before anything else. */
  static String password(Fields f, String name) {
    String p = f.string(name, PasswordPolicy.MAX_BYTES * 2);
    if (p.getBytes(StandardCharsets.UTF_8).length > PasswordPolicy.MAX_BYTES) {
      throw f.bad(name, "is longer than " + PasswordPolicy.MAX_BYTES + " bytes");
    }
    return p;
  }
}
