package dev.vigil.server.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Writes hostile request bodies from a seed: JSON-like text whose objects use an endpoint's own
 * field names (so that the hostility reaches the field checks, not only the parser), with wrong
 * types, huge and odd numbers, deep nesting, duplicate keys, escapes of lone surrogates and NUL,
 * long strings, unknown fields; then, sometimes, broken bytes: invalid UTF-8, a byte-order mark, a
 * cut. The same seed always gives the same body, so a failing case is reproducible from its seed.
 */
final class HostileJson {
  private static final String[] NUMBERS = {
    "0",
    "-0",
    "-0.0",
    "1",
    "-1",
    "1.5",
    "1e400",
    "-1e400",
    "1e-400",
    "1E+2",
    "2147483648",
    "9223372036854775808",
    "-9223372036854775809",
    "1208925819614629174706176",
    "0.1e1",
    "Infinity",
    "-Infinity",
    "NaN",
    "01",
    "+1",
    ".5",
    "0x10",
    "1_000"
  };

  private static final String[] STRINGS = {
    "",
    " ",
    "\\u0000",
    "a\\u0000b",
    "\\ud800",
    "\\udc00\\ud800",
    "\\ud83d\\ude00",
    "\\u202e",
    "\\t\\n",
    "\\\\",
    "\\\"",
    "%00",
    "%FF",
    "../../etc/passwd",
    "<script>",
    "' OR 1=1 --",
    "vs1.k.a.b",
    "ses_AAAAAAAAAAAAAAAAAAAAAA",
    "usr_AAAAAAAAAAAAAAAAAAAAAA",
    "PT1S",
    "P1Y",
    "PT99999999999999999999S",
    "9999-12-31T23:59:59Z",
    "+999999999-12-31T23:59:59Z",
    "admin",
    "editor",
    "totp",
    "203.0.113.9",
    "::1",
    "999.1.1.1",
    "http://127.0.0.1:9/x",
    "javascript:x",
    "123456",
    "violet kettle marching sideways 81",
    "ＡＢＣ",
    "\\u"
  };

  private static final String[] EXTRA_KEYS = {"", "__proto__", "constructor", "x", "\\u0000"};

  private static final byte[][] BROKEN = {
    {(byte) 0xC3, 0x28}, // a lead byte without its continuation
    {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
    {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate encoded in UTF-8
    {(byte) 0xFF}, // never valid in UTF-8
    {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
    {0x00}, // raw NUL
    {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF} // a byte-order mark
  };

  private final Random random;
  private final List<String> fields;
  private final StringBuilder out = new StringBuilder();

  private HostileJson(long seed, List<String> fields) {
    this.random = new Random(seed);
    this.fields = fields;
  }

  /** The body for {@code seed} aimed at an endpoint whose fields are named {@code fields}. */
  static byte[] body(long seed, List<String> fields) {
    HostileJson h = new HostileJson(seed, fields);
    if (h.random.nextInt(10) == 0) {
      h.value(3);
    } else {
      h.object(3);
    }
    return h.breakBytes(h.out.toString().getBytes(StandardCharsets.UTF_8));
  }

  private void value(int depth) {
    switch (random.nextInt(depth > 0 ? 9 : 5)) {
      case 0 -> out.append(pick(NUMBERS));
      case 1 -> out.append(random.nextBoolean() ? "true" : random.nextBoolean() ? "false" : "null");
      case 2, 3 -> string();
      case 4 -> out.append("9".repeat(1 + random.nextInt(5000)));
      case 5 -> object(depth - 1);
      case 6 -> array(depth - 1);
      case 7 -> nested();
      default -> out.append('"').append("x".repeat(random.nextInt(70_000))).append('"');
    }
  }

  private void object(int depth) {
    out.append('{');
    int n = random.nextInt(fields.size() + 3);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(',');
      }
      // mostly the endpoint's own fields, some twice; sometimes an unknown one
      String key =
          random.nextInt(6) == 0 || fields.isEmpty()
              ? pick(EXTRA_KEYS)
              : fields.get(random.nextInt(fields.size()));
      out.append('"').append(key).append("\":");
      value(depth);
    }
    out.append('}');
  }

  private void array(int depth) {
    out.append('[');
    int n = random.nextInt(5);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(',');
      }
      value(depth);
    }
    out.append(']');
  }

  /** Nesting past the parser's limit, balanced or not, up to 10^4 deep. */
  private void nested() {
    int n = new int[] {17, 100, 10_000}[random.nextInt(3)];
    String open = random.nextBoolean() ? "[" : "{\"a\":";
    out.append(open.repeat(n));
    if (random.nextBoolean()) {
      out.append('1').append((open.equals("[") ? "]" : "}").repeat(n));
    }
  }

  private void string() {
    out.append('"');
    int parts = 1 + random.nextInt(3);
    for (int i = 0; i < parts; i++) {
      out.append(pick(STRINGS));
    }
    if (random.nextInt(8) == 0) {
      out.append((char) random.nextInt(0x20)); // a raw control character, invalid in JSON
    }
    out.append('"');
  }

  /** Sometimes breaks the bytes: a bad UTF-8 sequence put in, or a cut. */
  private byte[] breakBytes(byte[] bytes) {
    int how = random.nextInt(6);
    if (how > 1 || bytes.length == 0) {
      return bytes;
    }
    int at = random.nextInt(bytes.length);
    ByteArrayOutputStream b = new ByteArrayOutputStream(bytes.length + 4);
    b.write(bytes, 0, at);
    if (how == 0) {
      b.writeBytes(BROKEN[random.nextInt(BROKEN.length)]);
      b.write(bytes, at, bytes.length - at);
    }
    return b.toByteArray();
  }

  private String pick(String[] from) {
    return from[random.nextInt(from.length)];
  }
}
