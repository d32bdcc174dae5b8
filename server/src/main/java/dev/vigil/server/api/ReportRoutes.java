package dev.vigil.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.access.ApiKey;
import dev.vigil.access.Scope;
import dev.vigil.audit.Report;
import dev.vigil.audit.Reports;
import dev.vigil.id.IncidentId;
import dev.vigil.id.ReportId;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /v1/reports} (scope {@code sessions}: applications file on a person's behalf), {@code
 * GET /v1/reports} and {@code POST /v1/reports/{id}/status} (scope {@code audit}).
 */
public final class ReportRoutes {
  private final Reports reports;
  private final Callers callers;

  public ReportRoutes(Reports reports, Callers callers) {
    this.reports = reports;
    this.callers = callers;
  }

  /** Adds the routes. */
  public void register(RoutesConfig config) {
    Endpoints routes = new Endpoints(config);
    routes.post("/v1/reports", this::file);
    routes.get("/v1/reports", this::list, "status", "limit");
    routes.post("/v1/reports/{id}/status", this::status);
  }

  private void file(Context ctx) {
    callers.require(ctx, Scope.SESSIONS);
    Fields f =
        JsonBody.read(ctx, false).only("subject", "session_id", "incident", "category", "message");
    Optional<Subject> subject =
        f.optionalString("subject", Subject.MAX_LENGTH).map(s -> Requests.subject(s, f, "subject"));
    Optional<SessionId> session =
        f.optionalString("session_id", 64)
            .map(
                s ->
                    SessionId.parse(s)
                        .orElseThrow(() -> f.bad("session_id", "is not a session id (ses_...)")));
    Optional<IncidentId> incident =
        f.optionalString("incident", 64)
            .map(
                s ->
                    IncidentId.parse(s)
                        .orElseThrow(() -> f.bad("incident", "is not an incident id (inc_...)")));
    String category = f.string("category", 32);
    if (!Report.CATEGORY.matcher(category).matches()) {
      throw f.bad("category", "must be 1-32 of a-z 0-9 _ (for example signed_out, not_me)");
    }
    String message = f.string("message", Report.MAX_MESSAGE);
    if (message.isBlank()) {
      throw f.bad("message", "must not be blank");
    }
    Report r = reports.file(subject, session, incident, category, message);
    Http.json(ctx, 201, g -> report(g, r));
  }

  private void list(Context ctx) {
    callers.require(ctx, Scope.AUDIT);
    Optional<Report.Status> status =
        Optional.ofNullable(ctx.queryParam("status")).map(ReportRoutes::status);
    int limit;
    try {
      limit = Optional.ofNullable(ctx.queryParam("limit")).map(Integer::parseInt).orElse(100);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > 1000) {
      throw new ApiError(Problem.badField("limit", "limit must be a whole number from 1 to 1000."));
    }
    List<Report> found = reports.list(status, limit);
    Http.json(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("reports");
          for (Report r : found) {
            report(g, r);
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  private void status(Context ctx) {
    ApiKey caller = callers.require(ctx, Scope.AUDIT);
    ReportId id =
        ReportId.parse(ctx.pathParam("id"))
            .orElseThrow(
                () ->
                    new ApiError(
                        Problem.badField(
                            "id", "id must be a report id: 'rpt_' and 22 characters.")));
    Fields f = JsonBody.read(ctx, false).only("status");
    Report.Status next = status(f.string("status", 32));
    Report r =
        reports
            .setStatus(id, next, caller.name())
            .orElseThrow(() -> new ApiError(Problem.notFound("No such report.")));
    Http.json(ctx, 200, g -> report(g, r));
  }

  private static Report.Status status(String text) {
    return Arrays.stream(Report.Status.values())
        .filter(s -> s.name().toLowerCase(Locale.ROOT).equals(text))
        .findFirst()
        .orElseThrow(
            () ->
                new ApiError(
                    Problem.badField(
                        "status", "status must be open, investigating, resolved or dismissed.")));
  }

  private static void report(JsonGenerator g, Report r) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", r.id().value());
    g.writeStringField("created_at", r.createdAt().toString());
    if (r.subject().isPresent()) {
      g.writeStringField("subject", r.subject().get().value());
    }
    if (r.sessionId().isPresent()) {
      g.writeStringField("session_id", r.sessionId().get().value());
    }
    if (r.incident().isPresent()) {
      g.writeStringField("incident", r.incident().get().value());
    }
    g.writeStringField("category", r.category());
    g.writeStringField("message", r.message());
    g.writeStringField("status", r.status().name().toLowerCase(Locale.ROOT));
    g.writeStringField("updated_at", r.updatedAt().toString());
    g.writeEndObject();
  }
}
