package dev.vigil.server.api;

import dev.vigil.access.Scope;
import dev.vigil.audit.AuditLog;
import dev.vigil.audit.ChainAnchor;
import dev.vigil.audit.EventPage;
import dev.vigil.audit.EventQuery;
import dev.vigil.audit.EventType;
import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.incident.IncidentExplainer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** {@code GET /v1/events}, {@code GET /v1/incidents/{id}} and {@code GET /v1/audit/verify}. */
public final class AuditRoutes {
  private static final Set<String> EVENT_PARAMS =
      Set.of("subject", "session_id", "type", "reason", "since", "until", "limit", "cursor");

  private final AuditLog log;
  private final IncidentExplainer explainer;
  private final Callers callers;

  public AuditRoutes(AuditLog log, IncidentExplainer explainer, Callers callers) {
    this.log = log;
    this.explainer = explainer;
    this.callers = callers;
  }

  /** Adds the routes. */
  public void register(RoutesConfig config) {
    Endpoints routes = new Endpoints(config);
    routes.get("/v1/events", this::events, EVENT_PARAMS.toArray(String[]::new));
    routes.get("/v1/incidents/{id}", this::incident);
    routes.get("/v1/audit/verify", this::verifyChain);
  }

  private void verifyChain(Context ctx) {
    callers.require(ctx, Scope.AUDIT);
    var check = log.verifyChain();
    Http.json(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeBooleanField("intact", check.intact());
          g.writeNumberField("events", check.events());
          if (check.firstBroken().isPresent()) {
            g.writeStringField("first_broken", check.firstBroken().get().value());
          }
          g.writeNumberField("pruned", check.pruned());
          if (check.anchor().isPresent()) {
            ChainAnchor a = check.anchor().get();
            g.writeObjectFieldStart("anchor");
            g.writeNumberField("seq", a.seq());
            g.writeStringField("link", a.link());
            g.writeStringField("through", a.through().toString());
            g.writeStringField("pruned_at", a.at().toString());
            g.writeEndObject();
          }
          g.writeEndObject();
        });
  }

  private void events(Context ctx) {
    callers.require(ctx, Scope.AUDIT);
    EventQuery q;
    try {
      q =
          new EventQuery(
              param(ctx, "subject").map(s -> parse("subject", () -> new Subject(s))),
              param(ctx, "session_id")
                  .map(
                      s ->
                          SessionId.parse(s)
                              .orElseThrow(
                                  () -> bad("session_id", "is not a session id (ses_...)"))),
              param(ctx, "type")
                  .map(
                      t ->
                          EventType.ofWire(t)
                              .orElseThrow(
                                  () ->
                                      bad(
                                          "type",
                                          "must be one of "
                                              + Arrays.stream(EventType.values())
                                                  .map(EventType::wire)
                                                  .toList()))),
              param(ctx, "reason")
                  .map(
                      r ->
                          parse(
                              "reason",
                              () -> {
                                if (!r.matches("[A-Z_]{1,40}")) {
                                  throw new IllegalArgumentException();
                                }
                                return r;
                              })),
              param(ctx, "since").map(s -> instant("since", s)),
              param(ctx, "until").map(s -> instant("until", s)),
              param(ctx, "limit").map(l -> parse("limit", () -> Integer.parseInt(l))).orElse(100),
              param(ctx, "cursor")
                  .map(
                      c ->
                          parse(
                              "cursor",
                              () -> {
                                if (!c.matches("[0-9]{1,18}")) {
                                  throw new IllegalArgumentException();
                                }
                                return c;
                              })));
    } catch (IllegalArgumentException e) {
      throw bad("limit", "must be a whole number from 1 to " + EventQuery.MAX_LIMIT);
    }
    EventPage page = log.query(q);
    Http.json(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("events");
          for (var e : page.events()) {
            SessionJson.event(g, e);
          }
          g.writeEndArray();
          if (page.nextCursor().isPresent()) {
            g.writeStringField("next_cursor", page.nextCursor().get());
          }
          g.writeEndObject();
        });
  }

  private void incident(Context ctx) {
    callers.require(ctx, Scope.AUDIT);
    IncidentId id =
        IncidentId.parse(ctx.pathParam("id"))
            .orElseThrow(() -> bad("id", "must be an incident id: 'inc_' and 22 characters"));
    var incident =
        explainer
            .explain(id)
            .orElseThrow(() -> new ApiError(Problem.notFound("No such incident.")));
    Http.json(ctx, 200, g -> SessionJson.incident(g, incident));
  }

  private static Optional<String> param(Context ctx, String name) {
    return QueryParams.one(ctx, name);
  }

  /**
   * A time bound of a query. Any valid RFC 3339 time is taken; one outside what the log can hold is
   * moved to the nearest it can ({@link Fields#EARLIEST} or {@link Fields#LATEST}), which selects
   * the same events: none is older than the epoch or younger than 2200.
   */
  private static Instant instant(String name, String s) {
    Instant t;
    try {
      t = Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw bad(name, "must be an RFC 3339 UTC time such as 2026-11-29T10:00:00Z");
    }
    return t.isBefore(Fields.EARLIEST)
        ? Fields.EARLIEST
        : t.isAfter(Fields.LATEST) ? Fields.LATEST : t;
  }

  private static <T> T parse(String name, java.util.function.Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw bad(name, "is not valid");
    }
  }

  private static ApiError bad(String field, String what) {
    return new ApiError(Problem.badField(field, field + " " + what + "."));
  }
}
