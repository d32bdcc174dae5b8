package dev.vigil.server.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem: {@code type} ({@code urn:vigil:problem:<slug>}), {@code title}, {@code
 * status}, {@code detail}, and extension members such as {@code field}, {@code reason}, {@code
 * action}, {@code incident}. The detail never contains a token, key or stack trace.
 */
public record Problem(
    String slug, String title, int status, String detail, Map<String, Object> extensions) {
  public Problem {
    extensions = Map.copyOf(extensions);
  }

  /** The media type of problem bodies. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** 400: a field of the request is wrong. */
  public static Problem badField(String field, String detail) {
    return new Problem(
        "invalid-request", "The request is not valid", 400, detail, Map.of("field", field));
  }

  /** 400 without a particular field (unparsable body, for example). */
  public static Problem badRequest(String detail) {
    return new Problem("invalid-request", "The request is not valid", 400, detail, Map.of());
  }

  /** 401: no API key, or not a valid one. */
  public static Problem unauthenticated() {
    return new Problem(
        "unauthenticated",
        "An API key is required",
        401,
        "Send a valid API key as 'Authorization: Bearer <key>'.",
        Map.of());
  }

  /** 403: the API key lacks the scope. */
  public static Problem forbidden(String scope) {
    return new Problem(
        "forbidden",
        "The API key lacks a scope",
        403,
        "This call needs an API key with scope '" + scope + "' (or 'admin').",
        Map.of("scope", scope));
  }

  /** 404 for a path or resource that does not exist. */
  public static Problem notFound(String detail) {
    return new Problem("not-found", "Not found", 404, detail, Map.of());
  }

  /** 503: the store did not answer; the application should retry, never sign anyone out. */
  public static Problem storeUnavailable() {
    return new Problem(
        "store-unavailable",
        "The session store is unavailable",
        503,
        "Vigil could not reach its store. This says nothing about the session: retry shortly.",
        Map.of("reason", "STORE_UNAVAILABLE", "action", "retry"));
  }

  /**
   * 409 for a call that needs a valid token (rotate, step-up) when the token is not: the verdict's
   * reason, action, message and incident.
   */
  public static Problem tokenInvalid(dev.vigil.session.Verdict.Invalid v) {
    return new Problem(
        "token-invalid",
        "The token is not valid",
        409,
        v.message(),
        Map.of(
            "reason",
            v.reason().name(),
            "action",
            v.action().wire(),
            "incident",
            v.incident().value()));
  }

  /**
   * 409: the session kept changing while the call ran (each attempt lost its compare-and-set to
   * another change of the same session); nothing was changed, and the call may simply be repeated.
   */
  public static Problem contended() {
    return new Problem(
        "contended",
        "The session changed meanwhile",
        409,
        "The session was changed by other requests while this one ran; nothing was changed. Try again.",
        Map.of("reason", "CONTENDED", "action", "retry"));
  }

  /** Any other status, for errors raised by the HTTP server itself. */
  public static Problem ofStatus(int status, String detail) {
    return new Problem("http-" + status, title(status), status, detail, Map.of());
  }

  /** This problem with one more extension member. */
  public Problem with(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>(extensions);
    m.put(key, value);
    return new Problem(slug, title, status, detail, m);
  }

  /** The JSON body. */
  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("type", "urn:vigil:problem:" + slug);
    n.put("title", title);
    n.put("status", status);
    n.put("detail", detail);
    extensions.forEach((k, v) -> n.putPOJO(k, v));
    return n;
  }

  private static String title(int status) {
    return switch (status) {
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 409 -> "Conflict";
      case 414 -> "URI too long";
      case 431 -> "Request headers too large";
      case 505 -> "HTTP version not supported";
      case 413 -> "Request too large";
      case 415 -> "Unsupported media type";
      case 429 -> "Too many requests";
      default -> status >= 500 ? "Server error" : "Request refused";
    };
  }
}
