package dev.vigil.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/** Writes JSON and problem bodies. */
public final class Http {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Http() {}

  /** Answers {@code status} with {@code body} as JSON. */
  public static void json(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType("application/json").result(bytes(body));
  }

  /** Answers with a problem. */
  public static void problem(Context ctx, Problem p) {
    ctx.status(p.status()).contentType(Problem.MEDIA_TYPE).result(bytes(p.toJson()));
  }

  private static byte[] bytes(JsonNode body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}
