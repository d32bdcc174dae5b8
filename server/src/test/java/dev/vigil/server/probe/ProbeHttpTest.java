package dev.vigil.server.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The probe's client: which URIs belong to the target, redirects followed only on it, the request
 * budget and its cleanup reserve, counted at the receiving end.
 */
class ProbeHttpTest {
  private HttpServer server;
  private final AtomicInteger received = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        e -> {
          received.incrementAndGet();
          String path = e.getRequestURI().getPath();
          if (path.endsWith("/away")) {
            e.getResponseHeaders().add("Location", "http://elsewhere.invalid/login");
            e.sendResponseHeaders(302, -1);
          } else if (path.endsWith("/near")) {
            e.getResponseHeaders().add("Location", "/base/there?x=1");
            e.sendResponseHeaders(303, -1);
          } else {
            e.sendResponseHeaders(204, -1);
          }
          e.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Target target() {
    return Target.parse("http://127.0.0.1:" + server.getAddress().getPort() + "/base/")
        .orElseThrow();
  }

  @Test
  void target_ownsOnlyItsSchemeHostPortAndPrefix() {
    Target t = Target.parse("HTTPS://Vigil.Example/auth").orElseThrow();

    assertThat(t.port()).isEqualTo(443);
    assertThat(t.origin()).isEqualTo("https://vigil.example");
    assertThat(t.owns(URI.create("https://vigil.example:443/auth/login"))).isTrue();
    assertThat(t.owns(URI.create("https://VIGIL.example/auth"))).isTrue();
    assertThat(t.owns(URI.create("http://vigil.example/auth/login"))).as("scheme").isFalse();
    assertThat(t.owns(URI.create("https://vigil.example:8443/auth/login"))).as("port").isFalse();
    assertThat(t.owns(URI.create("https://evil.example/auth/login"))).as("host").isFalse();
    assertThat(t.owns(URI.create("https://vigil.example/authx/login"))).as("prefix").isFalse();
    assertThat(t.owns(URI.create("https://u@vigil.example/auth/x"))).as("user info").isFalse();
    assertThat(Target.parse("ftp://vigil.example")).isEmpty();
    assertThat(Target.parse("https://vigil.example/?token=x")).isEmpty();
    assertThat(Target.parse("http://127.0.0.2:8080").orElseThrow().loopback()).isTrue();
    assertThat(Target.parse("http://[::1]:8080").orElseThrow().loopback()).isTrue();
    assertThat(Target.parse("http://localhost").orElseThrow().loopback()).isTrue();
    assertThat(Target.parse("http://10.0.0.1").orElseThrow().loopback()).isFalse();
    assertThatThrownBy(() -> t.uri("//evil.example/x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void follow_redirectToAnotherHost_isRefused_andNothingIsSent() {
    try (ProbeHttp http = new ProbeHttp(target(), 10, 2)) {
      ProbeHttp.Exchange away = http.get("/away", Map.of());

      assertThat(away.status()).as("never followed by the client").isEqualTo(302);
      assertThatThrownBy(() -> http.follow(away, Map.of()))
          .isInstanceOf(ProbeHttp.OffTarget.class)
          .hasMessageContaining("to http://elsewhere.invalid/login, off the target")
          .hasMessageContaining("not followed");
      assertThat(http.sent()).isEqualTo(1);
      assertThat(received).hasValue(1);
    }
  }

  @Test
  void follow_redirectOnTheTarget_isFollowedUnderItsPrefix() {
    try (ProbeHttp http = new ProbeHttp(target(), 10, 2)) {
      ProbeHttp.Exchange there = http.follow(http.get("/near", Map.of()), Map.of());

      assertThat(there.status()).isEqualTo(204);
      assertThat(there.path()).isEqualTo("/there?x=1");
      assertThat(received).hasValue(2);
    }
  }

  @Test
  void budget_keepsTheReserve_untilReleased_neverSendsMore() {
    try (ProbeHttp http = new ProbeHttp(target(), 5, 2)) {
      for (int i = 0; i < 3; i++) {
        http.get("/x", Map.of());
      }

      assertThatThrownBy(() -> http.get("/x", Map.of()))
          .isInstanceOf(ProbeHttp.BudgetSpent.class)
          .hasMessageContaining("3 of 5 sent");
      http.releaseReserve();
      http.get("/x", Map.of());
      http.delete("/x", Map.of());
      assertThatThrownBy(() -> http.get("/x", Map.of())).isInstanceOf(ProbeHttp.BudgetSpent.class);
      assertThat(received).hasValue(5);
      assertThat(http.sent()).isEqualTo(5);
    }
  }
}
