package dev.vigil.server.api;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Query-string checks the GET calls share: only known parameters, each at most once. */
final class QueryParams {
  private QueryParams() {}

  /**
   * Refuses a request with a parameter outside {@code known}, given twice, or holding the NUL
   * character (no store keeps it: PostgreSQL refuses it in text).
   *
   * @throws ApiError 400 naming the first such parameter
   */
  static void only(Context ctx, Set<String> known) {
    for (Map.Entry<String, List<String>> p : ctx.queryParamMap().entrySet()) {
      if (!known.contains(p.getKey())) {
        throw new ApiError(
            Problem.badField(
                p.getKey(),
                p.getKey() + " is not a known parameter; expected one of " + known + "."));
      }
      if (p.getValue().size() > 1) {
        throw new ApiError(Problem.badField(p.getKey(), p.getKey() + " is given more than once."));
      }
      if (p.getValue().stream().anyMatch(v -> v.indexOf('\u0000') >= 0)) {
        throw new ApiError(
            Problem.badField(p.getKey(), p.getKey() + " must not contain the NUL character."));
      }
    }
  }

  /** The value of parameter {@code name}, if given. */
  static Optional<String> one(Context ctx, String name) {
    return Optional.ofNullable(ctx.queryParam(name));
  }
}
