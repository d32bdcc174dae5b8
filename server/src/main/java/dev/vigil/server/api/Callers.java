package dev.vigil.server.api;

import dev.vigil.access.ApiKey;
import dev.vigil.access.ApiKeys;
import dev.vigil.access.Scope;
import io.javalin.http.Context;

/**
 * Checks the API key of a request: {@code Authorization: Bearer <key>} must name an unrevoked key
 * (else 401) with the scope the call needs (else 403). The answer is the same whatever the call
 * would have found, so nothing leaks about sessions or users.
 */
public final class Callers {
  private final ApiKeys keys;

  public Callers(ApiKeys keys) {
    this.keys = keys;
  }

  /** The key behind {@code ctx}, which must allow {@code scope}. */
  public ApiKey require(Context ctx, Scope scope) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new ApiError(Problem.unauthenticated());
    }
    ApiKey key =
        keys.authenticate(header.substring(7).strip())
            .orElseThrow(() -> new ApiError(Problem.unauthenticated()));
    if (!key.allows(scope)) {
      throw new ApiError(Problem.forbidden(scope.wire()));
    }
    return key;
  }
}
