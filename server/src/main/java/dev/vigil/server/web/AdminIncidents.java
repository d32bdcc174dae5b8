package dev.vigil.server.web;

import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import dev.vigil.incident.Incident;
import dev.vigil.incident.IncidentExplainer;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The drill-down of one incident ({@code GET /admin/incidents/{id}}): {@link IncidentExplainer}'s
 * explanation (the same as {@code GET /v1/incidents/{id}}) as a page. An id that is malformed or
 * unknown answers 404 alike. Behind {@link AdminGate}. Thread-safe.
 */
final class AdminIncidents {
  private final Pages pages;
  private final AdminGate gate;
  private final AdminPages overview;
  private final AdminPeople people;
  private final IncidentExplainer explainer;

  AdminIncidents(
      Pages pages,
      AdminGate gate,
      AdminPages overview,
      AdminPeople people,
      IncidentExplainer explainer) {
    this.pages = pages;
    this.gate = gate;
    this.overview = overview;
    this.people = people;
    this.explainer = explainer;
  }

  void show(Context ctx) {
    String id = ctx.pathParam("id");
    Optional<AdminGate.Operator> op = gate.admit(ctx, "/admin/incidents/" + Pages.encode(id));
    if (op.isEmpty()) {
      return;
    }
    Optional<Incident> incident = IncidentId.parse(id).flatMap(explainer::explain);
    if (incident.isEmpty()) {
      pages.render(
          ctx,
          404,
          "error.jte",
          new ErrorView(pages.messages().text("admin.incident.none")),
          Optional.of(op.get().in().session().id()),
          Optional.of(op.get().name()));
      return;
    }
    Incident i = incident.get();
    var e = i.event();
    AdminIncidentView view =
        new AdminIncidentView(
            id,
            i.reason().name(),
            i.action().wire(),
            i.message(),
            i.cause(),
            AdminPages.time(e.time()),
            e.subject().map(s -> s.value()).orElse(""),
            e.subject().map(s -> AdminPeople.subjectPath(s.value())),
            e.sessionId().map(SessionId::value).orElse(""),
            overview.address(e),
            i.family(e.client()).describe(),
            facts(i.withFamilies(e.detail())),
            facts(i.withFamilies(i.findings())),
            i.timeline().stream().map(people::event).toList());
    pages.render(
        ctx,
        200,
        "adminincident.jte",
        view,
        Optional.of(op.get().in().session().id()),
        Optional.of(op.get().name()));
  }

  private static List<AdminIncidentView.Fact> facts(Map<String, String> facts) {
    return facts.entrySet().stream()
        .map(f -> new AdminIncidentView.Fact(f.getKey(), f.getValue()))
        .toList();
  }
}
