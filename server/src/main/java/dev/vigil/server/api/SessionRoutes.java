package dev.vigil.server.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.access.ApiKey;
import dev.vigil.access.Scope;
import dev.vigil.client.ClientContext;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.session.IssuedToken;
import dev.vigil.session.NewSession;
import dev.vigil.session.Requirements;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.Session;
import dev.vigil.session.SessionService;
import dev.vigil.session.Verdict;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The session calls of contract v1. */
public final class SessionRoutes {
  private final SessionService sessions;
  private final Callers callers;
  private final Verification verification;
  private final java.util.function.Predicate<Subject> maySignIn;
  private final Clock clock;

  /**
   * @param maySignIn whether a subject may have a new session: false for the {@code usr_} id of a
   *     disabled or missing Vigil account
   */
  public SessionRoutes(
      SessionService sessions,
      Callers callers,
      Verification verification,
      java.util.function.Predicate<Subject> maySignIn,
      Clock clock) {
    this.sessions = sessions;
    this.callers = callers;
    this.verification = verification;
    this.maySignIn = maySignIn;
    this.clock = clock;
  }

  /** Adds the routes. */
  public void register(RoutesConfig config) {
    Endpoints routes = new Endpoints(config);
    routes.post("/v1/sessions", this::create);
    routes.post("/v1/sessions/verify", this::verify);
    routes.post("/v1/sessions/rotate", this::rotate);
    routes.post("/v1/sessions/revoke", this::revoke);
    routes.get("/v1/sessions/{id}", this::get);
    routes.delete("/v1/sessions/{id}", this::delete);
    routes.get("/v1/subjects/{subject}/sessions", this::list);
    routes.post("/v1/subjects/{subject}/sessions/revoke", this::revokeAll);
    routes.post("/v1/sessions/revoke-all", this::revokeEverything);
  }

  private void create(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.SESSIONS);
    Fields f =
        JsonBody.read(ctx, false)
            .only(
                "subject",
                "roles",
                "auth",
                "client",
                "idle_timeout",
                "absolute_timeout",
                "bind_to_client");
    Instant now = clock.instant();
    Subject subject = Requests.subject(f, "subject");
    if (!maySignIn.test(subject)) {
      throw accountDisabled();
    }
    Optional<Duration> idle = f.optionalDuration("idle_timeout");
    Optional<Duration> absolute = f.optionalDuration("absolute_timeout");
    idle.flatMap(d -> sessions.policy().checkIdle(d))
        .ifPresent(
            why -> {
              throw f.bad("idle_timeout", why.substring("idle_timeout ".length()));
            });
    absolute
        .flatMap(d -> sessions.policy().checkAbsolute(d))
        .ifPresent(
            why -> {
              throw f.bad("absolute_timeout", why.substring("absolute_timeout ".length()));
            });
    NewSession request =
        new NewSession(
            subject,
            f.optionalRoles("roles").orElse(Set.of()),
            Requests.auth(f, now),
            Requests.client(f),
            idle,
            absolute,
            f.optionalBoolean("bind_to_client").orElse(false));
    IssuedToken issued = sessions.create(request, caller.name());
    if (!maySignIn.test(subject)) {
      // disabled while this ran: disabling ends the sessions that exist, so look again now that
      // this one does (see AccountSessions)
      sessions.revoke(
          issued.session().id(), RevocationCause.ACCOUNT_DISABLED, SessionService.VIGIL);
      throw accountDisabled();
    }
    Http.json(ctx, 201, g -> SessionJson.issued(g, issued.token(), issued.session(), now));
  }

  private static ApiError accountDisabled() {
    return new ApiError(
        new Problem(
            "account-disabled",
            "The account cannot sign in",
            403,
            "The subject is the id of a Vigil account that is disabled or does not exist.",
            java.util.Map.of("field", "subject", "reason", "ACCOUNT_DISABLED")));
  }

  private void verify(Context ctx) {
    long start = System.nanoTime();
    callers.require(ctx, Scope.SESSIONS);
    Fields f = JsonBody.read(ctx, false).only("token", "client", "require");
    String token = Requests.token(f);
    Requirements require =
        f.optionalObject("require")
            .map(
                r -> {
                  r.only("roles", "permissions", "max_auth_age", "aal");
                  return new Requirements(
                      r.optionalRoles("roles").orElse(Set.of()),
                      r.optionalRoles("permissions").orElse(Set.of()),
                      r.optionalDuration("max_auth_age"),
                      r.optionalInt("aal", 1, 3));
                })
            .orElse(Requirements.NONE);
    ClientContext client = Requests.client(f);
    Verdict v = verification.verify(token, client, require, start);
    Instant now = clock.instant();
    Http.json(ctx, 200, g -> SessionJson.verdict(g, v, now));
  }

  private void rotate(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.SESSIONS);
    Fields f = JsonBody.read(ctx, false).only("token", "roles", "auth");
    String token = Requests.token(f);
    Instant now = clock.instant();
    switch (sessions.rotate(
        token, f.optionalRoles("roles"), Requests.auth(f, now), caller.name())) {
      case SessionService.Rotation.Rotated r ->
          Http.json(
              ctx, 200, g -> SessionJson.issued(g, r.issued().token(), r.issued().session(), now));
      case SessionService.Rotation.Refused r -> {
        Http.problem(ctx, Problem.tokenInvalid(r.verdict()));
      }
      case SessionService.Rotation.Contended c -> Http.problem(ctx, Problem.contended());
    }
  }

  private void revoke(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.SESSIONS);
    Fields f = JsonBody.read(ctx, false).only("token");
    sessions.revoke(Requests.token(f), caller.name());
    ctx.status(204);
  }

  private void get(Context ctx) {
    callers.require(ctx, Scope.SESSIONS);
    Session s =
        sessions
            .find(sessionId(ctx))
            .orElseThrow(() -> new ApiError(Problem.notFound("No such session.")));
    Instant now = clock.instant();
    Http.json(ctx, 200, g -> SessionJson.session(g, s, now));
  }

  private void delete(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.SESSIONS);
    if (!sessions.revoke(sessionId(ctx), RevocationCause.ADMIN, caller.name())) {
      throw new ApiError(Problem.notFound("No such session."));
    }
    ctx.status(204);
  }

  private void list(Context ctx) {
    callers.require(ctx, Scope.SESSIONS);
    Subject subject = pathSubject(ctx);
    Instant now = clock.instant();
    List<Session> live = sessions.list(subject);
    Http.json(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("sessions");
          for (Session s : live) {
            SessionJson.session(g, s, now);
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  private void revokeAll(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.SESSIONS);
    Subject subject = pathSubject(ctx);
    Fields f = JsonBody.read(ctx, true).only("except_session_id", "cause");
    Optional<SessionId> except =
        f.optionalString("except_session_id", 64)
            .map(
                s ->
                    SessionId.parse(s)
                        .orElseThrow(
                            () -> f.bad("except_session_id", "is not a session id (ses_...)")));
    RevocationCause cause = cause(f).orElse(RevocationCause.ALL_SESSIONS);
    int n = sessions.revokeAll(subject, except, cause, caller.name());
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("revoked", n);
    Http.json(ctx, 200, body);
  }

  /**
   * Ends every live session of every subject (ASVS 5.0 7.4.5), after a key leak for example; scope
   * admin. Audited: one event per ended session and one for the whole.
   */
  private void revokeEverything(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.ADMIN);
    Fields f = JsonBody.read(ctx, true).only("cause");
    RevocationCause cause = cause(f).orElse(RevocationCause.EVERY_SESSION);
    long n = sessions.revokeEverything(cause, caller.name());
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("revoked", n);
    Http.json(ctx, 200, body);
  }

  private static Optional<RevocationCause> cause(Fields f) {
    return f.optionalString("cause", 32)
        .map(
            c ->
                Arrays.stream(RevocationCause.values())
                    .filter(rc -> rc.name().equals(c))
                    .findFirst()
                    .orElseThrow(
                        () ->
                            f.bad(
                                "cause",
                                "must be one of " + Arrays.toString(RevocationCause.values()))));
  }

  private static SessionId sessionId(Context ctx) {
    return SessionId.parse(ctx.pathParam("id"))
        .orElseThrow(
            () ->
                new ApiError(
                    Problem.badField("id", "id must be a session id: 'ses_' and 22 characters.")));
  }

  private static Subject pathSubject(Context ctx) {
    try {
      return new Subject(ctx.pathParam("subject"));
    } catch (IllegalArgumentException e) {
      throw new ApiError(Problem.badField("subject", "subject " + e.getMessage() + "."));
    }
  }
}
