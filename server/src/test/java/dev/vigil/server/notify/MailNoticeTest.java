package dev.vigil.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.Eventually;
import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * E-mail notices through a real SMTP server (GreenMail): new device with its "this wasn't me" link
 * followed to the end, theft, password change, operator alerts, and a mail server that is down.
 */
class MailNoticeTest {
  private static final String PASSWORD = "violet kettle marching sideways 81";
  private static final String FIREFOX =
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
  private static final String CHROME =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/131.0.0.0 Safari/537.36";
  private static final Pattern LINK = Pattern.compile("(http://\\S+/notice/not-me\\?t=\\S+)");

  private GreenMail mail;

  @BeforeEach
  void startMail() {
    mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    mail.start();
  }

  @AfterEach
  void stopMail() {
    mail.stop();
  }

  private TestServer server(Map<ConfigKey, String> more) throws Exception {
    return server(more, mail.getSmtp().getPort());
  }

  private TestServer server(Map<ConfigKey, String> more, int smtpPort) throws Exception {
    return server(more, smtpPort, java.time.Clock.systemUTC());
  }

  private TestServer server(Map<ConfigKey, String> more, int smtpPort, java.time.Clock clock)
      throws Exception {
    Map<ConfigKey, String> config = new java.util.EnumMap<>(ConfigKey.class);
    config.put(ConfigKey.SMTP_HOST, "127.0.0.1");
    config.put(ConfigKey.SMTP_PORT, Integer.toString(smtpPort));
    config.put(ConfigKey.SMTP_STARTTLS, "off");
    config.put(ConfigKey.MAIL_FROM, "vigil@example.com");
    config.put(ConfigKey.ALERT_EMAIL, "ops@example.com");
    config.put(ConfigKey.NOTICE_RETRY_BASE, "PT0.2S");
    config.putAll(more);
    return TestServer.start(config, clock);
  }

  @Test
  void newDevice_mailsALink_thatEndsThatSession_onceOnly_andRequiresStepUp() throws Exception {
    try (TestServer server = server(Map.of())) {
      String id = createUser(server, "alice", "alice@example.com");
      String home = login(server, "alice", "198.51.100.7", FIREFOX);
      String homeAgain = login(server, "alice", "198.51.100.9", FIREFOX);
      String stranger = login(server, "alice", "203.0.113.50", CHROME);
      Eventually.until("the new-device mail", () -> mailsTo("alice@example.com").size() >= 1);
      drained(server);
      assertThat(mailsTo("alice@example.com"))
          .as("one mail: the first device and the same one again are not new")
          .hasSize(1);
      MimeMessage m = mailsTo("alice@example.com").getFirst();
      assertThat(m.getSubject()).isEqualTo("New sign-in to your account");
      String body = (String) m.getContent();
      assertThat(body).contains("203.0.113.50").contains("Chrome");
      Matcher link = LINK.matcher(body);
      assertThat(link.find()).as(body).isTrue();
      String url = link.group(1);
      String token = url.substring(url.indexOf("t=") + 2);

      HttpRequest look = HttpRequest.newBuilder(URI.create(url)).GET().build();
      Reply page = server.send(look);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.raw().body()).contains("End that session").contains(escape(token));
      assertThat(page.raw().body()).as("the web pages' look").contains("/assets/vigil.css");
      assertThat(page.raw().headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
      assertThat(server.verify(stranger).json().path("valid").asBoolean())
          .as("looking at the page ends nothing")
          .isTrue();

      Reply done = post(server, token);
      assertThat(done.status()).isEqualTo(200);
      assertThat(done.raw().body()).contains("that session is ended");
      Reply strangerNow = server.verify(stranger);
      assertThat(strangerNow.text("reason")).isEqualTo("REVOKED");
      assertThat(strangerNow.json().path("revocation").path("cause").asText())
          .isEqualTo("THEFT_SUSPECTED");
      Reply homeNow = server.verify(home);
      assertThat(homeNow.text("reason")).isEqualTo("STEP_UP_REQUIRED");
      assertThat(homeNow.text("action")).isEqualTo("step_up");
      assertThat(server.verify(homeAgain).text("reason")).isEqualTo("STEP_UP_REQUIRED");

      assertThat(post(server, token).status()).isEqualTo(410);
      char last = token.charAt(token.length() - 1);
      String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
      assertThat(post(server, altered).status()).isEqualTo(400);
      assertThat(server.send(HttpRequest.newBuilder(server.uri("/notice/not-me")).build()).status())
          .isEqualTo(400);

      Reply reports = server.get("/v1/reports");
      assertThat(reports.json().path("reports").get(0).path("category").asText())
          .isEqualTo("not_me");
      assertThat(reports.json().path("reports").get(0).path("subject").asText()).isEqualTo(id);
      // the report ended a session as suspected theft: operators hear of that, not of the device
      Eventually.until(
          "operators alerted about the reported session",
          () -> mailsTo("ops@example.com").stream().anyMatch(x -> subject(x).contains("theft")));
      assertThat(mailsTo("ops@example.com")).noneMatch(x -> subject(x).contains("new_device"));
    }
  }

  @Test
  void theftAndPasswordChange_areMailedToTheUser() throws Exception {
    dev.vigil.testkit.MutableClock clock =
        new dev.vigil.testkit.MutableClock(java.time.Instant.now());
    try (TestServer server =
        server(
            Map.of(ConfigKey.ROTATE_AFTER, "PT1S", ConfigKey.ROTATION_GRACE, "PT0S"),
            mail.getSmtp().getPort(),
            clock)) {
      String id = createUser(server, "bob", "bob@example.com");
      String first = login(server, "bob", "198.51.100.7", FIREFOX);
      clock.advance(java.time.Duration.ofMillis(1_100));
      String second = server.verify(first).text("renewed_token");
      assertThat(second).startsWith("vs1.");
      assertThat(server.verify(second).json().path("valid").asBoolean()).isTrue();
      assertThat(server.verify(first).text("reason")).isEqualTo("TOKEN_REUSED");
      Eventually.until(
          "the theft mail",
          () ->
              mailsTo("bob@example.com").stream()
                  .anyMatch(m -> subject(m).equals("We ended a session to protect your account")));
      Eventually.until(
          "the operators' theft alert",
          () -> mailsTo("ops@example.com").stream().anyMatch(m -> subject(m).contains("theft")));

      Reply changed =
          server.post(
              "/v1/users/" + id + "/password",
              Map.of(
                  "current_password",
                  PASSWORD,
                  "new_password",
                  "orange glacier humming softly 62"));
      assertThat(changed.status()).isEqualTo(200);
      Eventually.until(
          "the password mail",
          () ->
              mailsTo("bob@example.com").stream()
                  .anyMatch(m -> subject(m).equals("Your password was changed")));
    }
  }

  @Test
  void factorChanges_recoveryCodes_andTheThrottle_areMailedToTheHolder() throws Exception {
    dev.vigil.testkit.MutableClock clock =
        new dev.vigil.testkit.MutableClock(java.time.Instant.now());
    try (TestServer server = server(Map.of(), mail.getSmtp().getPort(), clock)) {
      String id = createUser(server, "dora", "dora@example.com");
      Reply enrol = server.post("/v1/users/" + id + "/totp", Map.of("password", PASSWORD));
      byte[] seed = dev.vigil.account.Base32.decode(enrol.text("secret"));
      Reply confirmed =
          server.post(
              "/v1/users/" + id + "/totp/confirm",
              Map.of(
                  "code",
                  dev.vigil.account.Totp.code(seed, dev.vigil.account.Totp.step(clock.instant()))));
      String code = confirmed.json().path("recovery_codes").get(0).asText();
      String challenge =
          server
              .post("/v1/auth/login", Map.of("username", "dora", "password", PASSWORD))
              .text("challenge");
      assertThat(server.post("/v1/auth/mfa", Map.of("challenge", challenge, "code", code)).status())
          .isEqualTo(200);
      for (int i = 0; i < 5; i++) {
        server.post("/v1/auth/login", Map.of("username", "dora", "password", "wrong wrong wrong"));
      }
      clock.advance(java.time.Duration.ofMinutes(1));
      assertThat(server.delete("/v1/users/" + id + "/totp", Map.of("password", PASSWORD)).status())
          .isEqualTo(204);
      List<String> expected =
          List.of(
              "Two-step sign-in was turned on",
              "A recovery code was used",
              "Sign-ins to your account are being slowed down",
              "Two-step sign-in was turned off");
      Eventually.until(
          "four mails to dora",
          () ->
              mailsTo("dora@example.com").stream()
                  .map(MailNoticeTest::subject)
                  .toList()
                  .containsAll(expected));
      MimeMessage used =
          mailsTo("dora@example.com").stream()
              .filter(m -> subject(m).equals("A recovery code was used"))
              .findFirst()
              .orElseThrow();
      assertThat((String) used.getContent()).contains("9 are left");
    }
  }

  @Test
  void hangingWebhookEndpoint_neverDelaysMailToPeople() throws Exception {
    try (java.net.ServerSocket hang = new java.net.ServerSocket(0);
        TestServer server = server(Map.of())) {
      List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread.ofVirtual()
          .start(
              () -> {
                while (!hang.isClosed()) {
                  try {
                    held.add(hang.accept()); // accept and never answer
                  } catch (java.io.IOException closed) {
                    return;
                  }
                }
              });
      assertThat(
              server
                  .post(
                      "/v1/webhooks",
                      Map.of("url", "http://127.0.0.1:" + hang.getLocalPort() + "/hook"))
                  .status())
          .isEqualTo(201);
      String id = createUser(server, "erin", "erin@example.com");
      for (int i = 0; i < 40; i++) {
        server.createToken("busy-" + i);
      }
      Eventually.until("the endpoint holds deliveries", () -> held.size() >= 4);
      long start = System.nanoTime();
      assertThat(
              server
                  .post(
                      "/v1/users/" + id + "/password",
                      Map.of(
                          "current_password",
                          PASSWORD,
                          "new_password",
                          "orange glacier humming softly 62"))
                  .status())
          .isEqualTo(200);
      Eventually.until(
          "the password mail while 40 webhook deliveries hang for 10 s each",
          java.time.Duration.ofSeconds(6),
          () ->
              mailsTo("erin@example.com").stream()
                  .anyMatch(m -> subject(m).equals("Your password was changed")));
      assertThat(held.size())
          .as("one endpoint never holds more than its lane")
          .isLessThanOrEqualTo(4);
      for (java.net.Socket s : held) {
        s.close();
      }
    }
  }

  /** Waits until every queued notice was handled: none pending, and the last beat counted it. */
  private static void drained(TestServer server) {
    Eventually.until(
        "the outbox drained",
        () ->
            metric(server, "vigil_outbox_backlog") == 0
                && metric(server, "vigil_notices_delivered_total") >= 1);
  }

  @Test
  void mailServerDown_leavesTheMailInTheOutbox_untilItComesBack() throws Exception {
    int port = mail.getSmtp().getPort();
    mail.stop();
    try (TestServer server = server(Map.of(ConfigKey.NOTICE_RETRY_BASE, "PT0.5S"), port)) {
      String id = createUser(server, "carol", "carol@example.com");
      login(server, "carol", "198.51.100.7", FIREFOX);
      assertThat(server.post("/v1/subjects/" + id + "/sessions/revoke", Map.of()).status())
          .isEqualTo(200);
      Eventually.until(
          "a failed attempt is counted", () -> metric(server, "vigil_webhook_failures_total") >= 1);
      assertThat(metric(server, "vigil_outbox_backlog")).isGreaterThanOrEqualTo(1);
      mail = new GreenMail(ServerSetupTest.SMTP.port(port));
      mail.start();
      Eventually.until(
          "the mail once the server is back",
          java.time.Duration.ofSeconds(30),
          () ->
              mailsTo("carol@example.com").stream()
                  .anyMatch(m -> subject(m).equals("All your sessions were ended")));
    }
  }

  private static double metric(TestServer server, String name) {
    String text = server.send(HttpRequest.newBuilder(server.uri("/metrics")).build()).raw().body();
    return text.lines()
        .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static String createUser(TestServer server, String name, String email) {
    Reply r =
        server.post("/v1/users", Map.of("username", name, "password", PASSWORD, "email", email));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    return r.text("id");
  }

  private static String login(TestServer server, String name, String ip, String ua) {
    Reply r =
        server.post(
            "/v1/auth/login",
            Map.of(
                "username",
                name,
                "password",
                PASSWORD,
                "client",
                Map.of("ip", ip, "user_agent", ua)));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return r.text("token");
  }

  private static Reply post(TestServer server, String token) {
    return server.send(
        HttpRequest.newBuilder(server.uri("/notice/not-me"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "t=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
            .build());
  }

  private List<MimeMessage> mailsTo(String address) {
    return Arrays.stream(mail.getReceivedMessages())
        .filter(
            m -> {
              try {
                return Arrays.stream(m.getAllRecipients())
                    .anyMatch(a -> a.toString().equals(address));
              } catch (jakarta.mail.MessagingException e) {
                return false;
              }
            })
        .toList();
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new AssertionError(e);
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("\"", "&quot;");
  }
}
