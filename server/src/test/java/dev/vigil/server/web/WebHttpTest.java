package dev.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pages over plain HTTP: headers, cookies, forged forms, bad input, sign-in and sign-out. */
class WebHttpTest {
  private static final String GOOD = "violet kettle marching sideways 81";
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(Map.of());
    server.post("/v1/users", Map.of("username", "web-http", "password", GOOD));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static WebClient client() {
    return WebClient.of(server);
  }

  @Test
  void loginPage_carriesSecurityHeaders_andHostOnlyNonceCookie() {
    WebClient c = client();
    HttpResponse<String> r = c.get("/login");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
    assertThat(csp)
        .contains("frame-ancestors 'none'", "script-src 'self'", "default-src 'none'")
        .contains("object-src 'none'", "base-uri 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(r.headers().firstValue("Strict-Transport-Security")).as("plain HTTP").isEmpty();
    assertThat(r.headers().allValues("Set-Cookie"))
        .anySatisfy(
            s ->
                assertThat(s)
                    .startsWith("__Host-vigil-csrf=")
                    .contains("; Path=/", "; Secure", "; HttpOnly", "; SameSite=Lax")
                    .doesNotContain("Domain="));
    assertThat(r.body())
        .contains("<html lang=\"en\">", "autocomplete=\"username\"")
        .contains("autocomplete=\"current-password\"")
        .doesNotContain("<script>", "https://");
    HttpResponse<String> css = c.get("/assets/vigil.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
    assertThat(css.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void signIn_setsHostSessionCookie_andEveryTimeAFreshSession() {
    WebClient c = client();
    c.get("/login");
    Map<String, String> form = Map.of("csrf", c.csrf(), "username", "web-http", "password", GOOD);
    HttpResponse<String> first = c.post("/login", form);
    assertThat(first.statusCode()).isEqualTo(303);
    assertThat(first.headers().firstValue("Location")).hasValue("/account/sessions");
    assertThat(first.headers().allValues("Set-Cookie"))
        .anySatisfy(
            s ->
                assertThat(s)
                    .startsWith("__Host-vigil-session=vs1.")
                    .contains("; Path=/", "; Secure", "; HttpOnly", "; SameSite=Lax"));
    String before = c.cookies().get("__Host-vigil-session");
    assertThat(server.verify(before).json().path("valid").asBoolean()).isTrue();

    HttpResponse<String> second = c.post("/login", form);
    assertThat(second.statusCode()).isEqualTo(303);
    String after = c.cookies().get("__Host-vigil-session");
    assertThat(after).isNotEqualTo(before);
    assertThat(server.verify(after).json().path("valid").asBoolean()).isTrue();
    assertThat(server.verify(before).text("reason"))
        .as("the session held before signing in again is ended, never reused")
        .isEqualTo("REVOKED");
  }

  @Test
  void failures_lookAlike_forUnknownUserAndWrongPassword() {
    WebClient c = client();
    c.get("/login");
    HttpResponse<String> wrong =
        c.post("/login", Map.of("csrf", c.csrf(), "username", "web-http", "password", "nope"));
    HttpResponse<String> unknown =
        c.post("/login", Map.of("csrf", c.csrf(), "username", "no-such-x", "password", "nope"));
    assertThat(wrong.statusCode()).isEqualTo(401).isEqualTo(unknown.statusCode());
    assertThat(wrong.body()).contains("The username or password is not right.");
    assertThat(wrong.body().replace("web-http", "U").replaceAll("value=\"[^\"]{20,}\"", ""))
        .isEqualTo(unknown.body().replace("no-such-x", "U").replaceAll("value=\"[^\"]{20,}\"", ""));
  }

  @Test
  void forgedPosts_areRefused403_byOriginAndByToken() {
    WebClient c = client();
    c.get("/login");
    String token = c.csrf();
    Map<String, String> form = Map.of("csrf", token, "username", "web-http", "password", GOOD);
    HttpResponse<String> otherSite = c.post("/login", form, Optional.of("https://evil.example"));
    assertThat(otherSite.statusCode()).isEqualTo(403);
    assertThat(otherSite.body()).contains("sent from another site");
    assertThat(c.post("/login", form, Optional.empty()).statusCode())
        .as("no Origin and no Referer")
        .isEqualTo(403);
    HttpResponse<String> badToken =
        c.post("/login", Map.of("csrf", token + "x", "username", "web-http", "password", GOOD));
    assertThat(badToken.statusCode()).isEqualTo(403);
    assertThat(badToken.body()).contains("has expired or was not sent from");
    WebClient other = client();
    other.get("/login");
    assertThat(other.post("/login", form).statusCode())
        .as("another browser's token (another nonce)")
        .isEqualTo(403);
    assertThat(c.cookies()).doesNotContainKey("__Host-vigil-session");
  }

  @Test
  void badInput_isA4xxPage_neverA500() {
    WebClient c = client();
    c.get("/login");
    HttpResponse<String> longName =
        c.post("/login", Map.of("csrf", c.csrf(), "username", "u".repeat(300), "password", "x"));
    assertThat(longName.statusCode()).isEqualTo(400);
    assertThat(longName.body()).contains("Username is longer than 256 characters.");
    HttpResponse<String> missing = c.post("/login", Map.of("csrf", c.csrf()));
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("Enter your username and your password.");
    HttpResponse<String> code =
        c.post("/login/code", Map.of("csrf", c.csrf(), "challenge", "", "code", "1"));
    assertThat(code.statusCode()).isEqualTo(400);
    for (String q : List.of("?return_to=%25ZZ", "?reason=NOPE", "?return_to=" + "a".repeat(5000))) {
      assertThat(c.get("/login" + q).statusCode()).as(q).isEqualTo(200);
    }
    c.signIn("web-http", GOOD);
    c.get("/account/sessions");
    HttpResponse<String> noSuch =
        c.post("/account/sessions/ses_nonsense/end", Map.of("csrf", c.csrf()));
    assertThat(noSuch.statusCode()).isEqualTo(404);
    assertThat(noSuch.body()).contains("There is no such session among yours.");
  }

  @Test
  void someoneElsesSession_cannotBeEnded() {
    String otherToken = server.createToken("someone-else");
    String otherId = server.verify(otherToken).json().path("session").path("id").asText();
    WebClient c = client();
    c.signIn("web-http", GOOD);
    c.get("/account/sessions");
    HttpResponse<String> r =
        c.post("/account/sessions/" + otherId + "/end", Map.of("csrf", c.csrf()));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(server.verify(otherToken).json().path("valid").asBoolean()).isTrue();
  }

  @Test
  void signOut_endsTheSession_andClearsSiteData() {
    WebClient c = client();
    c.signIn("web-http", GOOD);
    String token = c.cookies().get("__Host-vigil-session");
    c.get("/account/sessions");
    HttpResponse<String> out = c.post("/logout", Map.of("csrf", c.csrf()));
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.headers().firstValue("Location")).hasValue("/login?signed_out=1");
    assertThat(out.headers().firstValue("Clear-Site-Data")).hasValue("\"cookies\", \"storage\"");
    assertThat(c.cookies()).doesNotContainKey("__Host-vigil-session");
    assertThat(server.verify(token).text("reason")).isEqualTo("REVOKED");
    assertThat(c.get("/login?signed_out=1").body()).contains("You signed out.");
  }

  @Test
  void signedOutVisitor_isSentToSignIn_withReturnTo() {
    HttpResponse<String> r = client().get("/account/sessions");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location"))
        .hasValue("/login?return_to=%2Faccount%2Fsessions");
  }

  @Test
  void insecureCookies_dropSecureAndPrefix_publicUrlPath_prefixesPages() throws Exception {
    try (TestServer dev =
        TestServer.start(
            Map.of(
                ConfigKey.DEV_INSECURE_COOKIES, "true",
                ConfigKey.PUBLIC_URL, "https://app.example/auth"))) {
      WebClient c = WebClient.of(dev);
      HttpResponse<String> r = c.get("/auth/login");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("action=\"/auth/login\"", "href=\"/auth/assets/vigil.css\"");
      assertThat(r.headers().firstValue("Strict-Transport-Security"))
          .as("an https public_url")
          .isPresent();
      assertThat(r.headers().allValues("Set-Cookie"))
          .anySatisfy(s -> assertThat(s).startsWith("vigil-csrf=").doesNotContain("Secure"));
      Map<String, String> form = Map.of("csrf", c.csrf(), "username", "x", "password", "y");
      assertThat(c.get("/login").statusCode()).isEqualTo(404);
      assertThat(c.post("/auth/login", form).statusCode())
          .as("the request's own origin is not public_url's")
          .isEqualTo(403);
      assertThat(c.post("/auth/login", form, Optional.of("https://app.example")).statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void addressLimit_showsTheWait() throws Exception {
    try (TestServer limited = TestServer.start(Map.of(ConfigKey.LOGIN_ADDRESS_LIMIT, "1"))) {
      WebClient c = WebClient.of(limited);
      c.get("/login");
      c.post("/login", Map.of("csrf", c.csrf(), "username", "a", "password", "b"));
      HttpResponse<String> r =
          c.post("/login", Map.of("csrf", c.csrf(), "username", "a", "password", "b"));
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.body()).containsPattern("Too many attempts\\. Please wait \\d+ seconds?");
    }
  }
}
