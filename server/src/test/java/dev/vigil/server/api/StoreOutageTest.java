package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.access.ApiKeys;
import dev.vigil.access.Scope;
import dev.vigil.id.Subject;
import dev.vigil.session.SessionPolicy;
import dev.vigil.session.SessionService;
import dev.vigil.session.SessionStore;
import dev.vigil.session.StoreUnavailableException;
import dev.vigil.testkit.ForwardingSessionStore;
import dev.vigil.testkit.InMemoryAuditLog;
import dev.vigil.testkit.InMemorySessionStore;
import dev.vigil.token.Keyring;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A store that cannot be reached is never a verdict: 503 with STORE_UNAVAILABLE and retry. */
class StoreOutageTest {
  private static final String KEY = "outage-test-key-0123456789abcdefghijklmn";

  @Test
  void verifyDuringOutage_is503Retry_andTheSessionSurvivesIt() throws Exception {
    AtomicBoolean down = new AtomicBoolean();
    SessionStore store = new Flaky(new InMemorySessionStore(), down);
    Clock clock = Clock.systemUTC();
    Keyring ring = Keyring.generate(new SecureRandom(), clock.instant());
    SessionService sessions =
        new SessionService(
            store, new InMemoryAuditLog(), () -> ring, SessionPolicy.defaults(), clock);
    ApiKeys keys = new ApiKeys(new dev.vigil.testkit.InMemoryApiKeyStore(), clock);
    keys.register("test", KEY, Set.of(Scope.ADMIN));
    Callers callers = new Callers(keys, new InMemoryAuditLog(), clock);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Javalin app =
        ApiServer.create(
            "127.0.0.1",
            0,
            List.of(
                new SessionRoutes(
                        sessions,
                        callers,
                        new Verification(
                            sessions,
                            new dev.vigil.server.anomaly.GuessingThrottle(
                                0,
                                java.time.Duration.ofMinutes(1),
                                dev.vigil.server.anomaly.RuleMode.OFF,
                                new dev.vigil.server.anomaly.AnomalyRecorder(
                                    new InMemoryAuditLog(), registry, clock, () -> {}),
                                sessions,
                                new dev.vigil.server.limits.LocalRateBuckets(),
                                clock),
                            new VerifyMetrics(registry)),
                        subject -> true,
                        clock)
                    ::register),
            registry);
    app.start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      String token =
          sessions.create(dev.vigil.session.NewSession.of(new Subject("u")), "test").token();
      down.set(true);
      HttpResponse<String> during = verify(http, app.port(), token);
      down.set(false);
      HttpResponse<String> after = verify(http, app.port(), token);

      assertThat(during.statusCode()).isEqualTo(503);
      assertThat(during.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      assertThat(during.body())
          .contains("\"reason\":\"STORE_UNAVAILABLE\"")
          .contains("\"action\":\"retry\"");
      assertThat(during.headers().firstValue("Retry-After")).isPresent();
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(after.body()).contains("\"valid\":true");
    } finally {
      app.stop();
    }
  }

  private static HttpResponse<String> verify(HttpClient http, int port, String token)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/sessions/verify"))
            .header("Authorization", "Bearer " + KEY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Throws {@link StoreUnavailableException} from every call while {@code down}. */
  private static final class Flaky extends ForwardingSessionStore {
    private final SessionStore inner;
    private final AtomicBoolean down;

    Flaky(SessionStore inner, AtomicBoolean down) {
      this.inner = inner;
      this.down = down;
    }

    @Override
    protected SessionStore delegate() {
      if (down.get()) {
        throw new StoreUnavailableException("simulated outage", null);
      }
      return inner;
    }

    @Override
    public boolean ping() {
      return !down.get();
    }
  }
}
