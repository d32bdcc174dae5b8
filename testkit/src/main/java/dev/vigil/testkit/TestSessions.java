package dev.vigil.testkit;

import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.session.Authentication;
import dev.vigil.session.Session;
import dev.vigil.session.TokenChain;
import dev.vigil.token.KeyId;
import dev.vigil.token.TokenSecret;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Small factories of sessions for store and service tests. */
public final class TestSessions {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestSessions() {}

  /** A live session of {@code subject}, created now, 30 min idle, 12 h absolute. */
  public static Session active(Clock clock, String subject) {
    var now = clock.instant();
    return new Session(
        SessionId.random(RANDOM),
        new Subject(subject),
        Set.of("editor"),
        new Authentication(List.of("pwd", "otp"), now, 2),
        new ClientContext(
            IpAddress.parse("203.0.113.9"), Optional.of("Mozilla/5.0 (X11; Linux x86_64)")),
        true,
        now,
        now,
        now,
        Duration.ofMinutes(30),
        Duration.ofHours(12),
        TokenChain.first(TokenSecret.random(RANDOM).hash(), new KeyId("k1"), now),
        Optional.empty());
  }

  /**
   * A live session of {@code subject}, created now, with the given timeouts (for tests of expiry).
   */
  public static Session active(
      Clock clock, String subject, Duration idleTimeout, Duration absoluteTimeout) {
    Session s = active(clock, subject);
    return new Session(
        s.id(),
        s.subject(),
        s.roles(),
        s.auth(),
        s.client(),
        s.boundToClient(),
        s.createdAt(),
        s.lifetimeStart(),
        s.lastSeenAt(),
        idleTimeout,
        absoluteTimeout,
        s.chain(),
        s.revocation());
  }

  /** A live session of subject {@code user-42}. */
  public static Session active(Clock clock) {
    return active(clock, "user-42");
  }
}
