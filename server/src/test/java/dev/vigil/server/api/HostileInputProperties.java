package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.server.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 8, part 2: no value from a caller reaches arithmetic unchecked. Every field of every
 * request body, every query parameter and every path parameter of every endpoint in the OpenAPI
 * document is fed extreme, odd and wrong-typed values, one at a time beside plausible values for
 * the rest; the answer is never a 5xx, and a refusal is always a problem.
 */
class HostileInputProperties {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String GOOD = "violet kettle marching sideways 81";

  /** One server under test: the embedded store, and PostgreSQL. */
  private record Backend(
      String store, TestServer server, String fuzzUser, Map<Target, String> tokens) {}

  private static final List<Backend> backends = new ArrayList<>();
  private static dev.vigil.server.cluster.PostgresSchema schema;

  /** The backend the case is being sent to. */
  private static volatile Backend current;

  private static List<Target> targets;

  /** The token of the case being sent: valid when it is sent (see {@link #tokenFor}). */
  private static volatile String token;

  /** The account of the case being sent: the fuzz user, or a fresh one for destructive cases. */
  private static volatile String userId;

  private static int made;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static volatile String previous = "nothing";

  /** One endpoint, with the leaves of its body and its parameters. */
  record Target(
      String method,
      String path,
      List<List<String>> fields,
      List<String> query,
      List<String> pathParams) {
    int slots() {
      return fields.size() + query.size() + pathParams.size();
    }
  }

  /** One hostile request: which endpoint, which slot, what value. */
  record Case(Target target, int slot, JsonNode value) {
    @Override
    public String toString() {
      return target.method() + " " + target.path() + " slot " + slot + " = " + value;
    }
  }

  @BeforeContainer
  static void start() throws IOException {
    backends.add(backend("sqlite", TestServer.start(Map.of())));
    schema = dev.vigil.server.cluster.PostgresSchema.createOrSkip();
    if (schema != null) {
      backends.add(
          backend(
              "postgres",
              TestServer.start(
                  Map.of(
                      dev.vigil.server.config.ConfigKey.STORE,
                      "postgres",
                      dev.vigil.server.config.ConfigKey.POSTGRES_URL,
                      dev.vigil.server.cluster.PostgresSchema.URL,
                      dev.vigil.server.config.ConfigKey.POSTGRES_USER,
                      dev.vigil.server.cluster.PostgresSchema.USER,
                      dev.vigil.server.config.ConfigKey.POSTGRES_SCHEMA,
                      schema.name(),
                      dev.vigil.server.config.ConfigKey.MASTER_KEY,
                      dev.vigil.server.keys.MasterKey.generate()))));
    }
    JsonNode doc;
    try (InputStream in = HostileInputProperties.class.getResourceAsStream("/openapi.json")) {
      doc = JSON.readTree(in);
    }
    targets = targets(doc);
  }

  private static Backend backend(String store, TestServer server) {
    String user =
        server
            .post("/v1/users", Map.of("username", "fuzz-user", "password", GOOD))
            .json()
            .path("id")
            .asText();
    return new Backend(store, server, user, new java.util.HashMap<>());
  }

  @AfterContainer
  static void stop() {
    backends.forEach(b -> b.server().close());
    if (schema != null) {
      schema.close();
    }
  }

  /**
   * Every hostile value in every place, each once, on each store: about 7,000 requests per store
   * (PostgreSQL refuses text that SQLite keeps, such as the NUL character: the edge must refuse it
   * first).
   */
  @Property(generation = GenerationMode.EXHAUSTIVE, tries = 20_000)
  void anyHostileValue_inAnyPlace_isNever5xx(@ForAll("cases") Case c) throws Exception {
    for (Backend b : backends) {
      current = b;
      check(c);
    }
  }

  private void check(Case c) throws Exception {
    token = tokenFor(c.target());
    userId = endsAccount(c.target()) ? freshUser() : current.fuzzUser();
    HttpResponse<String> r;
    try {
      r = send(c);
    } catch (IOException e) {
      throw new AssertionError(
          current.store() + ": no answer to " + c + " (after " + previous + "): " + e.getMessage(),
          e);
    } finally {
      previous = c + " -> ";
    }
    assertThat(r.statusCode()).as("%s: %s -> %s", current.store(), c, r.body()).isLessThan(500);
    // /notice/ answers people in a browser: a page, not a problem; the API answers problems
    if (r.statusCode() >= 400 && !c.target().path().startsWith("/notice/")) {
      assertThat(r.headers().firstValue("Content-Type"))
          .as("%s", c)
          .hasValueSatisfying(t -> assertThat(t).startsWith(Problem.MEDIA_TYPE));
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    List<Case> all = new ArrayList<>();
    for (Target t : targets) {
      for (int slot = 0; slot < t.slots(); slot++) {
        for (JsonNode v : hostile()) {
          all.add(new Case(t, slot, v));
        }
      }
    }
    return Arbitraries.of(all);
  }

  /** Extreme, odd and wrong-typed JSON values. */
  static List<JsonNode> hostile() {
    List<JsonNode> values = new ArrayList<>();
    values.add(F.nullNode());
    values.add(F.booleanNode(true));
    for (long n : new long[] {0, -1, 1, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE}) {
      values.add(F.numberNode(n));
    }
    values.add(F.numberNode(new BigDecimal("1e400")));
    values.add(F.numberNode(1.5));
    values.add(F.numberNode(-1e308));
    for (String s :
        new String[] {
          "",
          " ",
          "\u0000",
          "a\u0000b",
          "\u202e\u0645",
          "😀".repeat(40),
          "x".repeat(5000),
          "1677-09-21T00:12:43Z",
          "1000-01-01T00:00:00Z",
          "9999-12-31T23:59:59Z",
          "+999999999-12-31T23:59:59Z",
          "-999999999-01-01T00:00:00Z",
          "1970-01-01T00:00:00Z",
          "2026-11-29T10:00:00+01:00",
          "PT9223372036854775807S",
          "PT99999999999999999999S",
          "P999999999D",
          "-PT1S",
          "PT0S",
          "PT0.000000001S",
          "P1Y",
          "9223372036854775807",
          "-9223372036854775808",
          "99999999999999999999",
          "NaN",
          "ses_AAAAAAAAAAAAAAAAAAAAAA",
          "usr_AAAAAAAAAAAAAAAAAAAAAA",
          "inc_AAAAAAAAAAAAAAAAAAAAAA",
          "whk_AAAAAAAAAAAAAAAAAAAAAA",
          "rpt_AAAAAAAAAAAAAAAAAAAAAA",
          "vs1.k.a.b",
          "%00",
          "%FF%FE",
          "../../etc/passwd",
          "<script>alert(1)</script>",
          "' OR 1=1 --",
          "999.999.999.999",
          "::ffff:300.1.1.1",
          "http://[::1",
          "javascript:alert(1)"
        }) {
      values.add(F.textNode(s));
    }
    values.add(F.arrayNode());
    values.add(F.arrayNode().add(F.nullNode()).add(1).add("x"));
    values.add(F.objectNode());
    values.add(F.objectNode().put("nested", "x"));
    ObjectNode deep = F.objectNode();
    ObjectNode at = deep;
    for (int i = 0; i < 40; i++) {
      at = at.putObject("d");
    }
    values.add(deep);
    return values;
  }

  private static HttpResponse<String> send(Case c) throws Exception {
    Target t = c.target();
    int slot = c.slot();
    String path = t.path();
    for (int i = 0; i < t.pathParams().size(); i++) {
      String name = t.pathParams().get(i);
      int at = t.fields().size() + t.query().size() + i;
      String v = at == slot ? text(c.value()) : plausiblePath(name, path);
      path = path.replace("{" + name + "}", URLEncoder.encode(v, StandardCharsets.UTF_8));
    }
    StringBuilder query = new StringBuilder();
    for (int i = 0; i < t.query().size(); i++) {
      if (t.fields().size() + i == slot) {
        query
            .append(query.isEmpty() ? "?" : "&")
            .append(t.query().get(i))
            .append('=')
            .append(URLEncoder.encode(text(c.value()), StandardCharsets.UTF_8));
      }
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(current.server().uri(path) + query.toString()))
            .header("Authorization", "Bearer " + TestServer.ADMIN_KEY);
    if (t.method().equals("get")) {
      return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
    ObjectNode body = F.objectNode();
    for (int i = 0; i < t.fields().size(); i++) {
      List<String> field = t.fields().get(i);
      JsonNode v = i == slot ? c.value() : plausible(field.getLast());
      if (v != null) {
        put(body, field, v);
      }
    }
    String type =
        t.path().equals("/notice/not-me")
            ? "application/x-www-form-urlencoded"
            : "application/json";
    String text =
        type.startsWith("application/json")
            ? JSON.writeValueAsString(body)
            : "t=" + URLEncoder.encode(text(body.path("t")), StandardCharsets.UTF_8);
    b.header("Content-Type", type);
    b.method(t.method().toUpperCase(), HttpRequest.BodyPublishers.ofString(text));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String text(JsonNode v) {
    return v.isTextual() ? v.textValue() : v.toString();
  }

  private static void put(ObjectNode body, List<String> field, JsonNode value) {
    ObjectNode at = body;
    for (int i = 0; i < field.size() - 1; i++) {
      String name = field.get(i);
      at = at.has(name) && at.get(name).isObject() ? (ObjectNode) at.get(name) : at.putObject(name);
    }
    at.set(field.getLast(), value);
  }

  /**
   * A token valid when its case is sent, so that the hostile value meets the code behind the token
   * check: a fresh one for each case of an endpoint that may end or replace it, else one per
   * endpoint, of its own subject (so that no other endpoint's cases end it).
   */
  private static String tokenFor(Target t) {
    if (t.path().contains("revoke")
        || t.path().contains("rotate")
        || t.path().contains("step-up")
        || t.method().equals("delete")) {
      return current.server().createToken("fuzz-subject");
    }
    return current.tokens().computeIfAbsent(t, k -> current.server().createToken("fuzz-" + made++));
  }

  private static boolean endsAccount(Target t) {
    return t.path().startsWith("/v1/users/{id}")
        && (t.method().equals("delete") || t.path().endsWith("/disable"));
  }

  private static String freshUser() {
    return current
        .server()
        .post("/v1/users", Map.of("username", "fuzz-user-" + made++, "password", GOOD))
        .json()
        .path("id")
        .asText();
  }

  /** A plausible value for a field, so that the hostile one is the only thing wrong. */
  private static JsonNode plausible(String name) {
    return switch (name) {
      case "subject" -> F.textNode("fuzz-subject");
      case "token" -> F.textNode(token);
      case "username" -> F.textNode("fuzz-user");
      case "password", "current_password" -> F.textNode(GOOD);
      case "new_password" -> F.textNode(GOOD); // a change keeps the password every case uses
      case "code" -> F.textNode("123456");
      case "challenge" -> F.textNode("c".repeat(43));
      case "reset_token" -> F.textNode("vr1_" + "a".repeat(43));
      case "category" -> F.textNode("signed_out");
      case "message" -> F.textNode("hello");
      case "url" -> F.textNode("http://127.0.0.1:9/hook");
      case "status" -> F.textNode("investigating");
      case "ip" -> F.textNode("203.0.113.9");
      case "user_agent" -> F.textNode("Mozilla/5.0");
      case "roles", "methods", "permissions" -> F.arrayNode().add("editor");
      case "t" -> F.textNode("x");
      default -> null;
    };
  }

  private static String plausiblePath(String name, String path) {
    if (name.equals("subject")) {
      return "fuzz-subject";
    }
    if (path.startsWith("/v1/sessions")) {
      return "ses_AAAAAAAAAAAAAAAAAAAAAA";
    }
    if (path.startsWith("/v1/incidents")) {
      return "inc_AAAAAAAAAAAAAAAAAAAAAA";
    }
    if (path.startsWith("/v1/webhooks")) {
      return "whk_AAAAAAAAAAAAAAAAAAAAAA";
    }
    if (path.startsWith("/v1/reports")) {
      return "rpt_AAAAAAAAAAAAAAAAAAAAAA";
    }
    return userId;
  }

  /** Every operation of the document with its body leaves and parameters. */
  static List<Target> targets(JsonNode doc) {
    List<Target> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> p = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        if (!op.getValue().isObject() || !op.getValue().has("responses")) {
          continue;
        }
        List<List<String>> fields = new ArrayList<>();
        JsonNode content = op.getValue().path("requestBody").path("content");
        content
            .fields()
            .forEachRemaining(
                ct -> leaves(doc, ct.getValue().path("schema"), new ArrayList<>(), fields, 0));
        List<String> query = new ArrayList<>();
        List<String> pathParams = new ArrayList<>();
        for (JsonNode param : op.getValue().path("parameters")) {
          JsonNode resolved = resolve(doc, param);
          (resolved.path("in").asText().equals("path") ? pathParams : query)
              .add(resolved.path("name").asText());
        }
        out.add(new Target(op.getKey(), p.getKey(), fields, query, pathParams));
      }
    }
    return out;
  }

  private static void leaves(
      JsonNode doc, JsonNode schema, List<String> at, List<List<String>> out, int depth) {
    JsonNode s = resolve(doc, schema);
    JsonNode props = s.path("properties");
    if (props.isObject() && props.size() > 0 && depth < 4) {
      props
          .fields()
          .forEachRemaining(
              e -> {
                List<String> next = new ArrayList<>(at);
                next.add(e.getKey());
                out.add(next);
                leaves(doc, e.getValue(), next, out, depth + 1);
              });
    }
  }

  private static JsonNode resolve(JsonNode doc, JsonNode node) {
    JsonNode n = node;
    while (n.has("$ref")) {
      String[] parts = n.path("$ref").asText().substring(2).split("/");
      JsonNode at = doc;
      for (String part : parts) {
        at = at.path(part);
      }
      n = at;
    }
    return n;
  }
}
