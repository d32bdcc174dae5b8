package dev.vigil.server.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes JSON and problem bodies straight to the response stream with their length, so no copy of
 * the body is made per response (Javalin's result stream would copy it through a fresh buffer).
 */
public final class Http {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedLockFreePool()).build())
          .build();

  private Http() {}

  /** Writes one JSON value to a generator. */
  @FunctionalInterface
  public interface JsonWriter {
    void write(JsonGenerator g) throws IOException;
  }

  /** Answers {@code status} with {@code body} as JSON. */
  public static void json(Context ctx, int status, JsonNode body) {
    write(ctx, status, "application/json", bytes(body));
  }

  /** Answers {@code status} with the JSON that {@code body} writes. */
  public static void json(Context ctx, int status, JsonWriter body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory cannot fail", e);
    }
    write(ctx, status, "application/json", out.toByteArray());
  }

  /**
   * Answers with a problem. Problems go through Javalin's result, not straight to the stream: a
   * refusal may come before the body was read, and Jetty must still be free to add {@code
   * Connection: close} before the response is committed.
   */
  public static void problem(Context ctx, Problem p) {
    ctx.status(p.status()).contentType(Problem.MEDIA_TYPE).result(bytes(p.toJson()));
  }

  private static void write(Context ctx, int status, String type, byte[] body) {
    ctx.status(status).contentType(type);
    ctx.res().setContentLength(body.length);
    try {
      ctx.res().getOutputStream().write(body);
    } catch (IOException e) {
      throw new UncheckedIOException("client went away", e);
    }
  }

  static byte[] bytes(JsonNode body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}
