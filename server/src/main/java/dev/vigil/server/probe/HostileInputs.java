package dev.vigil.server.probe;

import dev.vigil.server.probe.ProbeHttp.Exchange;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code input.hostile}: a small built-in corpus of hostile request bodies sent to every JSON
 * endpoint the probe uses, each of which must get an answer below 500 (the contract: bad input is a
 * 400 naming the field, never a 500). The corpus, per endpoint and its main field {@code f}: JSON
 * nested 10,000 deep, a number of 1e999999999 and one of 5,000 digits, invalid UTF-8, an object, an
 * array and null where a string belongs, NUL and escape characters, a 70 KB string, truncated JSON,
 * a top-level array, a duplicated member and an unknown {@code __proto__} member; then a text/plain
 * body, overflowing and negative durations, an oversized password and a 16 KiB header. {@value
 * #PER_ENDPOINT} requests per endpoint, {@value #EXTRA} more: 70 in all.
 */
final class HostileInputs implements ProbeCheck {
  static final int PER_ENDPOINT = 13;
  static final int EXTRA = 5;

  private static final Finding.Ref REF =
      Finding.Ref.of(
          "input.hostile", "No 5xx for hostile input", "ASVS 5.0 16.5.1", "ASVS 5.0 16.5.3");

  /** The JSON endpoints and the member each cannot do without. */
  private static final Map<String, String> ENDPOINTS =
      orderedMap(
          "/v1/sessions", "subject",
          "/v1/sessions/verify", "token",
          "/v1/sessions/rotate", "token",
          "/v1/sessions/revoke", "token",
          "/v1/auth/login", "username");

  @Override
  public Finding.Ref ref() {
    return REF;
  }

  /** One hostile request body, named for the report. */
  private record Hostile(String name, byte[] body) {}

  @Override
  public Finding run(Deployment target) {
    List<String> bad = new ArrayList<>();
    int sent = 0;
    for (Map.Entry<String, String> e : ENDPOINTS.entrySet()) {
      for (Hostile h : corpus(e.getValue())) {
        sent++;
        judge(
            bad,
            h.name() + " at " + e.getKey(),
            () -> target.http().post(e.getKey(), target.headers(), h.body()));
      }
    }
    String subject = target.subject();
    Map<String, String> plain = new LinkedHashMap<>(target.headers());
    plain.put("Content-Type", "text/plain");
    judge(
        bad,
        "text/plain body at /v1/sessions/verify",
        () -> target.http().post("/v1/sessions/verify", plain, "{\"token\":\"vs1.x\"}"));
    judge(
        bad,
        "an overflowing idle_timeout at /v1/sessions",
        () ->
            target
                .http()
                .post(
                    "/v1/sessions",
                    target.headers(),
                    "{\"subject\":\""
                        + subject
                        + "\",\"idle_timeout\":\"PT9999999999999999999H\"}"));
    judge(
        bad,
        "a negative absolute_timeout at /v1/sessions",
        () ->
            target
                .http()
                .post(
                    "/v1/sessions",
                    target.headers(),
                    "{\"subject\":\"" + subject + "\",\"absolute_timeout\":\"-PT1H\"}"));
    judge(
        bad,
        "a 10,000-character password at /v1/auth/login",
        () ->
            target
                .http()
                .post(
                    "/v1/auth/login",
                    target.headers(),
                    "{\"username\":\"vigil-probe-nobody\",\"password\":\""
                        + "p".repeat(10_000)
                        + "\"}"));
    Map<String, String> longHeader = new LinkedHashMap<>(target.headers());
    longHeader.put("X-Vigil-Probe-Filler", "f".repeat(16 * 1024));
    judge(
        bad,
        "a 16 KiB header at /v1/sessions/verify",
        () -> target.http().post("/v1/sessions/verify", longHeader, "{\"token\":\"vs1.x\"}"));
    sent += EXTRA;
    return REF.judge(
        bad.isEmpty(),
        sent + " hostile requests to " + String.join(", ", ENDPOINTS.keySet()),
        bad.isEmpty() ? "every answer below 500" : String.join("; ", bad));
  }

  private static void judge(
      List<String> bad, String what, java.util.function.Supplier<Exchange> request) {
    try {
      Exchange r = request.get();
      if (r.status() >= 500) {
        bad.add(what + ": " + r.status());
      }
    } catch (ProbeHttp.NoAnswer e) {
      bad.add(what + ": no answer (" + e.getMessage() + ")");
    }
  }

  private static List<Hostile> corpus(String f) {
    String key = "{\"" + f + "\":";
    return List.of(
        text("nesting 10,000 deep", key + "[".repeat(10_000) + "]".repeat(10_000) + "}"),
        text("the number 1e999999999", key + "1e999999999}"),
        text("a number of 5,000 digits", key + "9".repeat(5_000) + "}"),
        new Hostile("invalid UTF-8", invalidUtf8(key)),
        text("an object for a string", key + "{\"$gt\":\"\"}}"),
        text("an array for a string", key + "[\"a\"]}"),
        text("null for a string", key + "null}"),
        text("NUL and escape characters", key + "\"\\u0000\\u001b[31m\\r\\n\"}"),
        text("a 70 KB string", key + "\"" + "A".repeat(70_000) + "\"}"),
        text("truncated JSON", key),
        text("a top-level array", "[]"),
        text("a duplicated member", key + "\"a\",\"" + f + "\":\"b\"}"),
        text("an unknown __proto__ member", key + "\"a\",\"__proto__\":{\"admin\":true}}"));
  }

  private static Hostile text(String name, String body) {
    return new Hostile(name, body.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] invalidUtf8(String key) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes((key + "\"").getBytes(StandardCharsets.UTF_8));
    b.writeBytes(
        new byte[] {
          (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80
        });
    b.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
    return b.toByteArray();
  }

  private static Map<String, String> orderedMap(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }
}
