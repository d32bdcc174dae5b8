package dev.vigil.server.api;

import dev.vigil.access.ApiKey;
import dev.vigil.access.ApiKeys;
import dev.vigil.access.Scope;
import dev.vigil.audit.AuditLog;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the API key of a request: {@code Authorization: Bearer <key>} must name an unrevoked key
 * (else 401) with the scope the call needs (else 403). The answer is the same whatever the call
 * would have found, so nothing leaks about sessions or users. Refusals carry {@code
 * WWW-Authenticate} as RFC 6750 section 3 asks ({@code Bearer}; {@code Bearer
 * error="invalid_token"}; {@code Bearer error="insufficient_scope", scope="..."}) and are recorded
 * ({@link ApiRefusals}).
 */
public final class Callers {
  private final ApiKeys keys;
  private final ApiRefusals refusals;

  /** Callers checked against {@code keys}; refusals are recorded in {@code log}. */
  public Callers(ApiKeys keys, AuditLog log, Clock clock) {
    this.keys = keys;
    this.refusals = new ApiRefusals(log, clock);
  }

  /** The key behind {@code ctx}, which must allow {@code scope}. */
  public ApiKey require(Context ctx, Scope scope) {
    String header = ctx.header("Authorization");
    String route = ctx.method() + " " + ctx.endpoint().path;
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      refusals.refused(ApiRefusals.Why.NO_KEY, Optional.empty(), route, Optional.empty(), ctx.ip());
      throw new ApiError(Problem.unauthenticated(), Map.of("WWW-Authenticate", "Bearer"));
    }
    String presented = header.substring(7).strip();
    Optional<ApiKey> key = keys.authenticate(presented);
    if (key.isEmpty()) {
      refusals.refused(
          ApiRefusals.Why.UNKNOWN_KEY,
          Optional.of("sha256:" + fingerprint(presented)),
          route,
          Optional.empty(),
          ctx.ip());
      throw new ApiError(
          Problem.unauthenticated(), Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
    }
    if (!key.get().allows(scope)) {
      refusals.refused(
          ApiRefusals.Why.INSUFFICIENT_SCOPE,
          Optional.of(key.get().name()),
          route,
          Optional.of(scope.wire()),
          ctx.ip());
      throw new ApiError(
          Problem.forbidden(scope.wire()),
          Map.of(
              "WWW-Authenticate",
              "Bearer error=\"insufficient_scope\", scope=\"" + scope.wire() + "\""));
    }
    return key.get();
  }

  /** The first 8 hex digits of the SHA-256 of a presented key: enough to tell keys apart. */
  private static String fingerprint(String presented) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(presented.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
