package dev.vigil.server.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vigil.server.config.HttpLimits;
import io.javalin.config.Key;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a request body into {@link Fields}, refusing, in this order: a content type other than JSON
 * (415), a body over {@link HttpLimits#maxBodyBytes()} (413), bytes that are not UTF-8 JSON, JSON
 * nested deeper than {@value #MAX_DEPTH}, duplicate keys, and a top level that is not an object
 * (400).
 */
public final class JsonBody {
  /** Where the app keeps its limits, for {@link #read}. */
  static final Key<HttpLimits> LIMITS = new Key<>("vigil.http-limits");

  /** The deepest nesting accepted. */
  public static final int MAX_DEPTH = 16;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .recyclerPool(JsonRecyclerPools.sharedLockFreePool())
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxStringLength(HttpLimits.MAX_BODY_BYTES)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private JsonBody() {}

  /**
   * The body of {@code ctx} as an object. An empty body reads as {@code {}} only if {@code
   * emptyOk}.
   */
  public static Fields read(Context ctx, boolean emptyOk) {
    byte[] bytes = bytes(ctx);
    if (bytes.length == 0 && emptyOk) {
      return new Fields(MAPPER.createObjectNode(), "");
    }
    if (!isJson(ctx.contentType())) {
      throw new ApiError(
          new Problem(
              "unsupported-media-type",
              "Unsupported media type",
              415,
              "Send the body as 'Content-Type: application/json' (UTF-8).",
              Map.of()));
    }
    JsonNode root;
    try (JsonParser p = MAPPER.createParser(bytes)) {
      root = MAPPER.readTree(p);
      if (p.nextToken() != null) {
        throw new ApiError(Problem.badRequest("The body has data after the JSON value."));
      }
    } catch (JsonProcessingException e) {
      throw new ApiError(
          Problem.badRequest("The body is not valid UTF-8 JSON: " + e.getOriginalMessage()));
    } catch (IOException e) {
      throw new ApiError(Problem.badRequest("The body could not be read."));
    }
    if (root == null || !root.isObject()) {
      throw new ApiError(Problem.badRequest("The body must be a JSON object."));
    }
    return new Fields(root, "");
  }

  /** {@code application/json}, optionally with {@code charset=utf-8} and further parameters. */
  static boolean isJson(String type) {
    if (type == null) {
      return false;
    }
    String t = type.toLowerCase(Locale.ROOT);
    int semi = t.indexOf(';');
    String media = (semi < 0 ? t : t.substring(0, semi)).strip();
    if (!media.equals("application/json")) {
      return false;
    }
    int charset = t.indexOf("charset=");
    return charset < 0 || t.startsWith("utf-8", charset + 8);
  }

  /**
   * The body, at most {@link HttpLimits#maxBodyBytes()}. With a Content-Length the exact size is
   * read in one allocation; without one (chunked), it is read in growing steps and cut off past the
   * limit.
   */
  private static byte[] bytes(Context ctx) {
    int max = ctx.appData(LIMITS).maxBodyBytes();
    long declared = ctx.req().getContentLengthLong();
    if (declared > max) {
      drain(ctx);
      throw tooLarge(max);
    }
    try (InputStream in = ctx.bodyInputStream()) {
      byte[] b = declared >= 0 ? in.readNBytes((int) declared) : readChunked(in, max);
      if (in.read() >= 0) {
        throw tooLarge(max);
      }
      return b;
    } catch (IOException e) {
      throw new ApiError(Problem.badRequest("The body could not be read."));
    }
  }

  /** Bodies up to this size are read and dropped before a 413, so that the client gets it. */
  private static final long DRAIN_LIMIT = 1024 * 1024;

  /**
   * Reads and drops the rest of a body too large to use, when it is not huge (at most {@value
   * #DRAIN_LIMIT} bytes more are read): closing the connection with its bytes unread resets it, and
   * the client may then lose the 413 that was already sent. Also for the pages' forms, which
   * Javalin refuses past the limit without reading the rest.
   */
  static void drain(Context ctx) {
    if (ctx.req().getContentLengthLong() > DRAIN_LIMIT) {
      return;
    }
    try (InputStream in = ctx.bodyInputStream()) {
      byte[] buf = new byte[8192];
      long left = DRAIN_LIMIT;
      int n;
      while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
        left -= n;
      }
    } catch (IOException e) {
      // the client went away, or the body was read already: nothing to answer
    }
  }

  private static byte[] readChunked(InputStream in, int max) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1024);
    byte[] buf = new byte[1024];
    int n;
    while ((n = in.read(buf)) > 0) {
      out.write(buf, 0, n);
      if (out.size() > max) {
        throw tooLarge(max);
      }
    }
    return out.toByteArray();
  }

  private static ApiError tooLarge(int max) {
    return new ApiError(
        new Problem(
            "too-large",
            "Request too large",
            413,
            "The body is larger than " + max + " bytes.",
            Map.of("limit", max)));
  }
}
