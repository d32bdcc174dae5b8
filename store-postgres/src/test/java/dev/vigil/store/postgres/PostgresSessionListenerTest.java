package dev.vigil.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.id.SessionId;
import dev.vigil.session.Revocation;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.Session;
import dev.vigil.testkit.MutableClock;
import dev.vigil.testkit.TestSessions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A change committed on one node is heard on another; nothing is heard of what did not change. */
class PostgresSessionListenerTest {
  private final MutableClock clock = MutableClock.standard();
  private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
  private TestDatabase db;
  private PostgresSessionStore store;
  private PostgresSessionListener listener;

  @BeforeEach
  void open() throws Exception {
    db = TestDatabase.open();
    store = new PostgresSessionStore(db.db);
    listener =
        PostgresSessionListener.start(
            new PostgresDatabase.Settings(
                TestDatabase.URL,
                TestDatabase.USER,
                Optional.empty(),
                db.schema,
                Duration.ofSeconds(5)),
            new PostgresSessionListener.Listener() {
              @Override
              public void changed(List<SessionId> ids, long sentAtMillis) {
                ids.forEach(id -> heard.add(id.value()));
              }

              @Override
              public void everything() {
                heard.add("*");
              }
            });
    assertThat(heard.poll(10, TimeUnit.SECONDS)).as("told everything on connecting").isEqualTo("*");
  }

  @AfterEach
  void close() {
    listener.close();
    db.close();
  }

  @Test
  void revocationsAndRotations_areHeard_onlyWhenTheyHappen() throws Exception {
    Session s = TestSessions.active(clock, "listened");
    store.insert(s, 10, new Revocation(RevocationCause.SESSION_LIMIT, clock.instant(), "vigil"));
    store.touch(s.id(), clock.instant().plusSeconds(1));
    assertThat(heard.poll(500, TimeUnit.MILLISECONDS))
        .as("an insert and a touch are not told")
        .isNull();

    store.revoke(s.id(), new Revocation(RevocationCause.LOGOUT, clock.instant(), "app"));
    assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(s.id().value());
    store.revoke(s.id(), new Revocation(RevocationCause.LOGOUT, clock.instant(), "app"));
    assertThat(heard.poll(500, TimeUnit.MILLISECONDS)).as("already revoked: no change").isNull();

    Session other = TestSessions.active(clock, "listened");
    store.insert(
        other, 10, new Revocation(RevocationCause.SESSION_LIMIT, clock.instant(), "vigil"));
    store.revokeEverything(
        new Revocation(RevocationCause.EVERY_SESSION, clock.instant(), "ops"), 100, batch -> {});
    assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("*");
  }
}
