package dev.vigil.server.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a request body into {@link Fields}, refusing, in this order: a content type other than
 * JSON (415), a body over {@value #MAX_BYTES} bytes (413), bytes that are not UTF-8 JSON, JSON
 * nested deeper than {@value #MAX_DEPTH}, duplicate keys, and a top level that is not an object
 * (400).
 */
public final class JsonBody {
  /** The largest body accepted. */
  public static final int MAX_BYTES = 64 * 1024;

  /** The deepest nesting accepted. */
  public static final int MAX_DEPTH = 16;

  private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_BYTES).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private JsonBody() {}

  /** The body of {@code ctx} as an object. An empty body reads as {@code {}} only if {@code emptyOk}. */
  public static Fields read(Context ctx, boolean emptyOk) {
    byte[] bytes = bytes(ctx);
    if (bytes.length == 0 && emptyOk) {
      return new Fields(MAPPER.createObjectNode(), "");
    }
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).replace(" ", "").matches("application/json(;charset=utf-8)?(;.*)?")) {
      throw new ApiError(new Problem("unsupported-media-type", "Unsupported media type", 415,
          "Send the body as 'Content-Type: application/json' (UTF-8).", Map.of()));
    }
    JsonNode root;
    try (JsonParser p = MAPPER.createParser(bytes)) {
      root = MAPPER.readTree(p);
      if (p.nextToken() != null) {
        throw new ApiError(Problem.badRequest("The body has data after the JSON value."));
      }
    } catch (JsonProcessingException e) {
      throw new ApiError(Problem.badRequest("The body is not valid UTF-8 JSON: " + e.getOriginalMessage()));
    } catch (IOException e) {
      throw new ApiError(Problem.badRequest("The body could not be read."));
    }
    if (root == null || !root.isObject()) {
      throw new ApiError(Problem.badRequest("The body must be a JSON object."));
    }
    return new Fields(root, "");
  }

  private static byte[] bytes(Context ctx) {
    String length = ctx.header("Content-Length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_BYTES) {
      throw tooLarge();
    }
    try (InputStream in = ctx.bodyInputStream()) {
      byte[] b = in.readNBytes(MAX_BYTES + 1);
      if (b.length > MAX_BYTES) {
        throw tooLarge();
      }
      return b;
    } catch (IOException e) {
      throw new ApiError(Problem.badRequest("The body could not be read."));
    }
  }

  private static ApiError tooLarge() {
    return new ApiError(new Problem("too-large", "Request too large", 413,
        "The body is larger than " + MAX_BYTES + " bytes.", Map.of("limit", MAX_BYTES)));
  }
}
