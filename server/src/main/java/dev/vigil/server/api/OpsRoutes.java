package dev.vigil.server.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.vigil.session.SessionStore;
import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Health, metrics and the OpenAPI document; none needs an API key. */
public final class OpsRoutes {
  private final SessionStore store;
  private final PrometheusMeterRegistry registry;
  private final BooleanSupplier caughtUp;
  private final byte[] openApi;

  /**
   * @param caughtUp whether the background work that requests rely on (the anomaly rules' reading
   *     of the event log at start-up) is done: until then the node is not ready
   */
  public OpsRoutes(SessionStore store, PrometheusMeterRegistry registry, BooleanSupplier caughtUp) {
    this.store = store;
    this.registry = registry;
    this.caughtUp = caughtUp;
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
  public void register(RoutesConfig config) {
    Endpoints routes = new Endpoints(config);
    routes.get(
        "/health/live",
        ctx -> Http.json(ctx, 200, JsonNodeFactory.instance.objectNode().put("status", "live")));
    routes.get(
        "/health/ready",
        ctx -> {
          if (!store.ping()) {
            Http.problem(
                ctx,
                new Problem(
                    "not-ready",
                    "Not ready",
                    503,
                    "The store does not answer.",
                    Map.of("reason", "STORE_UNAVAILABLE", "action", "retry")));
          } else if (!caughtUp.getAsBoolean()) {
            ctx.header("Retry-After", "1");
            Http.problem(
                ctx,
                new Problem(
                    "not-ready",
                    "Not ready",
                    503,
                    "Still starting: the anomaly rules are reading the event log.",
                    Map.of("reason", "STARTING", "action", "retry")));
          } else {
            Http.json(ctx, 200, JsonNodeFactory.instance.objectNode().put("status", "ready"));
          }
        });
    routes.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
  }
}
