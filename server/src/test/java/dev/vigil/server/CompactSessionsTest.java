package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.id.SessionId;
import dev.vigil.session.Revocation;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.Session;
import dev.vigil.session.TokenChain;
import dev.vigil.store.sqlite.SqliteDatabase;
import dev.vigil.store.sqlite.SqliteSessionStore;
import dev.vigil.testkit.MutableClock;
import dev.vigil.testkit.TestSessions;
import dev.vigil.token.KeyId;
import dev.vigil.token.TokenSecret;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A session cached by the node shares what repeats across sessions, and is still equal to the
 * session the store holds, field for field.
 */
class CompactSessionsTest {
  private final MutableClock clock = MutableClock.standard();

  @Test
  void sessionsReadThroughTheCache_shareTheirRepeatingParts_andKeepTheirValue() throws Exception {
    try (SqliteDatabase db =
        SqliteDatabase.open(Files.createTempDirectory("vigil-compact").resolve("vigil.db"))) {
      SqliteSessionStore store = new SqliteSessionStore(db);
      CachedSessionStore cache = new CachedSessionStore(store, 100, Duration.ofMinutes(1));
      Session a = TestSessions.active(clock, "alice");
      Session b = TestSessions.active(clock, "bob");
      Revocation eviction =
          new Revocation(RevocationCause.SESSION_LIMIT, clock.instant(), "session_limit");
      store.insert(a, 10, eviction);
      store.insert(b, 10, eviction);

      Session ca = cache.find(a.id()).orElseThrow();
      Session cb = cache.find(b.id()).orElseThrow();
      assertThat(ca).usingRecursiveComparison().isEqualTo(store.find(a.id()).orElseThrow());
      assertThat(cb).usingRecursiveComparison().isEqualTo(store.find(b.id()).orElseThrow());
      assertThat(ca.client().userAgent().orElseThrow())
          .isSameAs(cb.client().userAgent().orElseThrow());
      assertThat(ca.roles()).isSameAs(cb.roles());
      assertThat(ca.auth().methods()).isSameAs(cb.auth().methods());
      assertThat(ca.idleTimeout()).isSameAs(cb.idleTimeout());
      assertThat(ca.chain().currentKid()).isSameAs(cb.chain().currentKid());
      assertThat(ca.lastSeenAt()).as("equal instants are one object").isSameAs(ca.createdAt());
    }
  }

  @Test
  void aRotatedRevokedSession_keepsEveryField() {
    Session s = TestSessions.active(clock, "carol");
    clock.advance(Duration.ofMinutes(3));
    SecureRandom random = new SecureRandom();
    TokenChain rotated =
        s.chain()
            .rotated(
                TokenSecret.random(random).hash(), new byte[32], new KeyId("k2"), clock.instant());
    clock.advance(Duration.ofSeconds(5));
    Session later =
        s.withChain(rotated, clock.instant())
            .revoked(new Revocation(RevocationCause.LOGOUT, clock.instant(), "test"));
    SessionId key = new SessionId(later.id().value());

    Session compact = new CompactSessions().compact(key, later);

    assertThat(compact).usingRecursiveComparison().isEqualTo(later);
    assertThat(compact).isEqualTo(later);
    assertThat(compact.id()).isSameAs(key);
  }
}
