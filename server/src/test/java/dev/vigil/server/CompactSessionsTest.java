package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
        SqliteDatabase.open(
            dev.vigil.testkit.TempPaths.directory("vigil-compact").resolve("vigil.db"))) {
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
    Session later = rotatedAndRevoked(TestSessions.active(clock, "carol"), TokenChain.NONCE_LENGTH);
    SessionId key = new SessionId(later.id().value());

    CompactSessions.Entry entry = new CompactSessions().compact(later);
    Session unpacked = entry.unpack(key);

    assertThat(entry).isInstanceOf(CompactSessions.Packed.class);
    assertThat(unpacked).usingRecursiveComparison().isEqualTo(later);
    assertThat(unpacked).isEqualTo(later);
    assertThat(unpacked.id()).isSameAs(key);
  }

  @Test
  void everyKindOfClient_andInstantsApart_keepTheirValue() {
    for (String ip : new String[] {"203.0.113.9", "0.0.0.0", "255.255.255.255", "2001:db8::1"}) {
      for (Optional<String> agent : List.of(Optional.<String>empty(), Optional.of("curl/8.5"))) {
        Session s = withClient(TestSessions.active(clock, "dave"), IpAddress.parse(ip), agent);
        clock.advance(Duration.ofNanos(123_456_789));
        s = s.seenAt(clock.instant());
        assertThat(roundTrip(s)).usingRecursiveComparison().isEqualTo(s);
      }
    }
    Session none =
        withClient(TestSessions.active(clock, "erin"), Optional.empty(), Optional.empty());
    assertThat(roundTrip(none)).usingRecursiveComparison().isEqualTo(none);
  }

  @Test
  void aSessionThatDoesNotPack_isKeptWhole() {
    Session oddNonce = rotatedAndRevoked(TestSessions.active(clock, "frank"), 32);
    MutableClock far = new MutableClock(java.time.Instant.parse("2300-01-01T00:00:00Z"));
    Session farFuture = TestSessions.active(far, "grace");
    for (Session s : List.of(oddNonce, farFuture)) {
      CompactSessions.Entry entry = new CompactSessions().compact(s);
      assertThat(entry).isInstanceOf(CompactSessions.Whole.class);
      assertThat(entry.unpack(s.id())).isEqualTo(s);
    }
  }

  private Session rotatedAndRevoked(Session s, int nonceLength) {
    clock.advance(Duration.ofMinutes(3));
    SecureRandom random = new SecureRandom();
    byte[] nonce = new byte[nonceLength];
    random.nextBytes(nonce);
    TokenChain rotated =
        s.chain()
            .rotated(TokenSecret.random(random).hash(), nonce, new KeyId("k2"), clock.instant());
    clock.advance(Duration.ofSeconds(5));
    return s.withChain(rotated.used(), clock.instant())
        .revoked(new Revocation(RevocationCause.LOGOUT, clock.instant(), "test"));
  }

  private static Session roundTrip(Session s) {
    return new CompactSessions().compact(s).unpack(s.id());
  }

  private static Session withClient(Session s, Optional<IpAddress> ip, Optional<String> agent) {
    return new Session(
        s.id(),
        s.subject(),
        s.roles(),
        s.auth(),
        new ClientContext(ip, agent),
        s.boundToClient(),
        s.createdAt(),
        s.lifetimeStart(),
        s.lastSeenAt(),
        s.idleTimeout(),
        s.absoluteTimeout(),
        s.chain(),
        s.revocation());
  }
}
