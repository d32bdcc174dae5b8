package dev.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.server.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 11 §6: every page form, posted from the pages' own origin with a valid form token so that
 * the body gets past {@link FormGuard} to the handler, with hostile fields: NUL, invalid percent
 * escapes and UTF-8, lone surrogates, long and empty values, fields twice, unknown fields, pairs
 * without {@code =}. Never a 5xx and never a stack trace; afterwards a session made beforehand
 * still verifies and the audit chain is intact. Not posted: {@code /logout} and {@code
 * /account/sessions/end-others}, which have no field to be hostile in and would end the signed-in
 * browser the other cases need. A fixed budget of 300 posts.
 */
class HostileFormProperties {
  private static final String GOOD = "violet kettle marching sideways 81";

  private static final String[] VALUES = {
    "",
    " ",
    "%00",
    "a%00b",
    "%FF%FE",
    "%C0%AF",
    "%ED%A0%80",
    "%F4%90%80%80",
    "%",
    "%Z",
    "%zz",
    "%E2%80%AE",
    "%F0%9F%98%80",
    "+",
    "%2B",
    "%26",
    "%3D",
    "123456",
    "000000",
    "1234567",
    "vs1.k.a.b",
    "ses_AAAAAAAAAAAAAAAAAAAAAA",
    "inc_AAAAAAAAAAAAAAAAAAAAAA",
    "signed_out",
    "other",
    "recovery",
    "switch",
    "//evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/account/security",
    "otpauth://totp/x?secret=AAAA",
    "%3Cscript%3E",
    "%0D%0ASet-Cookie:x=1"
  };

  /** One form: where it posts, whether it needs a signed-in browser, and its fields. */
  record Form(String path, boolean signedIn, List<String> fields) {}

  private static final List<Form> FORMS =
      List.of(
          new Form("/login", false, List.of("username", "password", "return_to")),
          new Form(
              "/login/code", false, List.of("challenge", "mode", "action", "code", "return_to")),
          new Form("/notice/not-me", false, List.of("t")),
          new Form("/reauth", true, List.of("password", "code", "return_to")),
          new Form(
              "/account/password",
              true,
              List.of("current_password", "new_password", "new_password_again")),
          new Form("/account/totp", true, List.of()),
          new Form("/account/totp/confirm", true, List.of("otpauth", "code")),
          new Form("/account/totp/remove", true, List.of()),
          new Form("/report", true, List.of("category", "incident", "message")),
          new Form("/account/sessions/{id}/end", true, List.of()));

  private static TestServer server;
  private static WebClient in;
  private static WebClient out;
  private static String inToken;
  private static String outToken;
  private static String keeper;

  /** One post: which form, and the seed of its body. */
  record Case(Form form, long seed) {
    @Override
    public String toString() {
      return form.path() + " seed " + seed + ": " + abbreviated(body(this, "<csrf>"));
    }
  }

  @BeforeContainer
  static void start() throws Exception {
    server = TestServer.start(Map.of());
    keeper = server.createToken("keeper-subject");
    in = WebClient.signedIn(server, "form-user", GOOD);
    in.get("/account/security");
    inToken = in.csrf();
    out = WebClient.of(server);
    out.get("/login");
    outToken = out.csrf();
  }

  @AfterContainer
  static void stop() {
    try {
      JsonNode verdict =
          server
              .post(
                  "/v1/sessions/verify",
                  Map.of("token", keeper, "client", Map.of("ip", "198.51.100.7")))
              .json();
      assertThat(verdict.path("valid").asBoolean()).as("%s", verdict).isTrue();
      assertThat(server.get("/v1/audit/verify").json().path("intact").asBoolean()).isTrue();
    } finally {
      server.close();
    }
  }

  @Property(tries = 300)
  void anyHostileForm_reachingItsHandler_isNever5xx(@ForAll("cases") Case c) {
    WebClient browser = c.form().signedIn() ? in : out;
    String path = c.form().path().replace("{id}", pathId(c.seed()));
    HttpResponse<String> r;
    try {
      r = browser.postBody(path, body(c, c.form().signedIn() ? inToken : outToken));
    } catch (IllegalStateException e) {
      // seen twice in full runs (2026-12-03 and 12-04), never alone: "HTTP/1.1 header parser
      // received no bytes", a connection closed without an answer; name the case next time
      throw new AssertionError(c + ": no answer (" + e.getMessage() + ")", e);
    }
    net.jqwik.api.statistics.Statistics.collect(c.form().path(), r.statusCode());
    assertThat(r.statusCode()).as("%s -> %s", c, abbreviated(r.body())).isLessThan(500);
    assertThat(r.statusCode()).as("%s: the form token reached the handler", c).isNotEqualTo(403);
    assertThat(r.body()).as("%s", c).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Provide
  Arbitrary<Case> cases() {
    return Combinators.combine(Arbitraries.of(FORMS), Arbitraries.longs()).as(Case::new);
  }

  /** The form body of {@code c}: the valid token, then the fields, each hostile in some way. */
  static String body(Case c, String csrf) {
    Random random = new Random(c.seed());
    StringBuilder b =
        new StringBuilder("csrf=").append(URLEncoder.encode(csrf, StandardCharsets.UTF_8));
    for (String field : c.form().fields()) {
      int copies = random.nextInt(8) == 0 ? 2 : random.nextInt(8) == 0 ? 0 : 1;
      for (int i = 0; i < copies; i++) {
        b.append('&').append(field).append('=').append(value(random));
      }
    }
    switch (random.nextInt(6)) {
      case 0 -> b.append("&unknown=").append(value(random));
      case 1 -> b.append("&&&=&novalue&a=b=c");
      case 2 -> b.append("&").append(value(random)).append('=').append(value(random));
      default -> {}
    }
    return b.toString();
  }

  private static String value(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> "x".repeat(random.nextInt(70_000));
      case 1 -> "%F0%9F%98%80".repeat(random.nextInt(600));
      case 2 ->
          URLEncoder.encode(String.valueOf((char) random.nextInt(0x10000)), StandardCharsets.UTF_8);
      default -> VALUES[random.nextInt(VALUES.length)];
    };
  }

  private static String pathId(long seed) {
    return new String[] {
          "ses_AAAAAAAAAAAAAAAAAAAAAA", "x", "%00", "%FF", "..%2F..", "a".repeat(300)
        }
        [(int) Math.floorMod(seed, 6L)];
  }

  private static String abbreviated(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
