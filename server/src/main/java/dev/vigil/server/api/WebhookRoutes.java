package dev.vigil.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.access.Scope;
import dev.vigil.notice.Outbox;
import dev.vigil.server.notify.Webhooks;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /v1/webhooks}, {@code GET /v1/webhooks}, {@code DELETE /v1/webhooks/{id}} and {@code
 * GET /v1/webhooks/{id}/deliveries}, all with scope {@code admin}: an endpoint receives every
 * subject and address in the notices it asks for, so adding one is as powerful as reading the whole
 * audit log.
 */
public final class WebhookRoutes {
  private final Webhooks webhooks;
  private final Outbox outbox;
  private final Callers callers;

  public WebhookRoutes(Webhooks webhooks, Outbox outbox, Callers callers) {
    this.webhooks = webhooks;
    this.outbox = outbox;
    this.callers = callers;
  }

  /** Adds the routes. */
  public void register(RoutesConfig config) {
    Endpoints routes = new Endpoints(config);
    routes.post("/v1/webhooks", this::add);
    routes.get("/v1/webhooks", this::list);
    routes.delete("/v1/webhooks/{id}", this::remove);
    routes.get("/v1/webhooks/{id}/deliveries", this::deliveries);
  }

  private void add(Context ctx) {
    callers.require(ctx, Scope.ADMIN);
    Fields f = JsonBody.read(ctx, false).only("url", "events", "secret");
    String url = f.string("url", Webhooks.MAX_URL);
    Set<String> events = Set.copyOf(f.optionalStrings("events", 64, 64).orElse(List.of()));
    Optional<String> secret = f.optionalString("secret", 200);
    Webhooks.Added added;
    try {
      added = webhooks.add(url, events, secret);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      int colon = message.indexOf(':');
      throw f.bad(message.substring(0, colon), message.substring(colon + 2));
    }
    Http.json(
        ctx,
        201,
        g -> {
          g.writeStartObject();
          endpointFields(g, added.endpoint());
          g.writeStringField("secret", added.secret());
          g.writeEndObject();
        });
  }

  private void list(Context ctx) {
    callers.require(ctx, Scope.ADMIN);
    List<Outbox.Endpoint> all = webhooks.list();
    Http.json(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("webhooks");
          for (Outbox.Endpoint e : all) {
            g.writeStartObject();
            endpointFields(g, e);
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  private void remove(Context ctx) {
    callers.require(ctx, Scope.ADMIN);
    String id = id(ctx);
    if (!webhooks.remove(id)) {
      throw new ApiError(Problem.notFound("No such webhook."));
    }
    ctx.status(204);
  }

  private void deliveries(Context ctx) {
    callers.require(ctx, Scope.ADMIN);
    String id = id(ctx);
    if (webhooks.list().stream().noneMatch(e -> e.id().equals(id))) {
      throw new ApiError(Problem.notFound("No such webhook."));
    }
    List<Outbox.Message> recent = outbox.recent(Optional.of("webhook:" + id), 100);
    Http.json(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("deliveries");
          for (Outbox.Message m : recent) {
            g.writeStartObject();
            g.writeStringField("event_id", m.eventId());
            g.writeStringField("state", m.state().name().toLowerCase(Locale.ROOT));
            g.writeNumberField("attempts", m.attempts());
            g.writeStringField("created_at", m.createdAt().toString());
            if (m.state() == Outbox.State.PENDING) {
              g.writeStringField("next_attempt_at", m.nextAttemptAt().toString());
            }
            if (m.lastError().isPresent()) {
              g.writeStringField("last_error", m.lastError().get());
            }
            if (m.doneAt().isPresent()) {
              g.writeStringField("done_at", m.doneAt().get().toString());
            }
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  private static String id(Context ctx) {
    String id = ctx.pathParam("id");
    if (!Webhooks.isId(id)) {
      throw new ApiError(
          Problem.badField("id", "id must be a webhook id: 'whk_' and 22 characters."));
    }
    return id;
  }

  private static void endpointFields(JsonGenerator g, Outbox.Endpoint e) throws IOException {
    g.writeStringField("id", e.id());
    g.writeStringField("url", e.url());
    g.writeArrayFieldStart("events");
    for (String t : e.events()) {
      g.writeString(t);
    }
    g.writeEndArray();
    g.writeStringField("created_at", e.createdAt().toString());
  }
}
