package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.access.ApiKeys;
import dev.vigil.access.Scope;
import dev.vigil.id.SessionId;
import dev.vigil.server.VerifyMetrics;
import dev.vigil.session.Revocation;
import dev.vigil.session.Session;
import dev.vigil.session.SessionPolicy;
import dev.vigil.session.SessionService;
import dev.vigil.session.SessionStore;
import dev.vigil.session.StoreUnavailableException;
import dev.vigil.session.Subject;
import dev.vigil.testkit.InMemoryAuditLog;
import dev.vigil.testkit.InMemorySessionStore;
import dev.vigil.token.Keyring;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
                        new VerifyMetrics(registry),
                        new dev.vigil.server.GuessingThrottle(
                            0,
                            java.time.Duration.ofMinutes(1),
                            dev.vigil.server.anomaly.RuleMode.OFF,
                            new dev.vigil.server.anomaly.AnomalyRecorder(
                                new InMemoryAuditLog(), registry, clock, () -> {}),
                            sessions,
                            clock),
                        subject -> true,
                        clock)
                    ::register),
            Counter.builder("errors").register(registry));
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
  private record Flaky(SessionStore inner, AtomicBoolean down) implements SessionStore {
    private void check() {
      if (down.get()) {
        throw new StoreUnavailableException("simulated outage", null);
      }
    }

    @Override
    public List<Session> insert(Session s, int max, Revocation eviction) {
      check();
      return inner.insert(s, max, eviction);
    }

    @Override
    public Optional<Session> find(SessionId id) {
      check();
      return inner.find(id);
    }

    @Override
    public boolean compareAndSet(SessionId id, long g, Session n) {
      check();
      return inner.compareAndSet(id, g, n);
    }

    @Override
    public void markUsed(SessionId id, long g, Instant t) {
      check();
      inner.markUsed(id, g, t);
    }

    @Override
    public void touch(SessionId id, Instant t) {
      check();
      inner.touch(id, t);
    }

    @Override
    public Optional<Session> revoke(SessionId id, Revocation r) {
      check();
      return inner.revoke(id, r);
    }

    @Override
    public List<Session> revokeSubject(Subject s, Optional<SessionId> except, Revocation r) {
      check();
      return inner.revokeSubject(s, except, r);
    }

    @Override
    public long revokeEverything(
        Revocation r,
        int batch,
        java.util.function.Consumer<List<dev.vigil.session.SessionRef>> ended) {
      check();
      return inner.revokeEverything(r, batch, ended);
    }

    @Override
    public List<Session> findBySubject(Subject s) {
      check();
      return inner.findBySubject(s);
    }

    @Override
    public int purge(Instant c) {
      check();
      return inner.purge(c);
    }

    @Override
    public long countLive(Instant now) {
      check();
      return inner.countLive(now);
    }

    @Override
    public boolean ping() {
      return !down.get();
    }
  }
}
