package dev.vigil.server.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.vigil.session.SessionStore;
import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Health, metrics and the OpenAPI document; none needs an API key. */
public final class OpsRoutes {
  private final SessionStore store;
  private final PrometheusMeterRegistry registry;
  private final byte[] openApi;

  public OpsRoutes(SessionStore store, PrometheusMeterRegistry registry) {
    this.store = store;
    this.registry = registry;
    try (InputStream in = OpsRoutes.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the jar");
      }
      this.openApi = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds the routes. */
  public void register(RoutesConfig routes) {
    routes.get(
        "/health/live",
        ctx -> Http.json(ctx, 200, JsonNodeFactory.instance.objectNode().put("status", "live")));
    routes.get(
        "/health/ready",
        ctx -> {
          if (store.ping()) {
            Http.json(ctx, 200, JsonNodeFactory.instance.objectNode().put("status", "ready"));
          } else {
            Http.problem(
                ctx,
                new Problem(
                    "not-ready",
                    "Not ready",
                    503,
                    "The store does not answer.",
                    Map.of("reason", "STORE_UNAVAILABLE", "action", "retry")));
          }
        });
    routes.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
  }
}
