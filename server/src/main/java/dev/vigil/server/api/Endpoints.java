package dev.vigil.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.Set;

/**
 * Registers every endpoint with the query parameters it takes: any other parameter, or one given
 * twice, is refused with a 400 problem naming it before the handler runs, on every method (a POST
 * with {@code ?foo=1} included). One place, so no endpoint can forget it.
 */
public final class Endpoints {
  private final RoutesConfig routes;

  public Endpoints(RoutesConfig routes) {
    this.routes = routes;
  }

  /** A GET endpoint taking the query parameters {@code params} (none when empty). */
  public Endpoints get(String path, Handler handler, String... params) {
    routes.get(path, checked(handler, params));
    return this;
  }

  /** A POST endpoint taking the query parameters {@code params} (none when empty). */
  public Endpoints post(String path, Handler handler, String... params) {
    routes.post(path, checked(handler, params));
    return this;
  }

  /** A DELETE endpoint taking the query parameters {@code params} (none when empty). */
  public Endpoints delete(String path, Handler handler, String... params) {
    routes.delete(path, checked(handler, params));
    return this;
  }

  private static Handler checked(Handler handler, String... params) {
    Set<String> known = Set.of(params);
    return ctx -> {
      QueryParams.only(ctx, known);
      handler.handle(ctx);
    };
  }
}
