package dev.vigil.server;

import com.github.benmanes.caffeine.cache.Interner;
import dev.vigil.client.ClientContext;
import dev.vigil.id.SessionId;
import dev.vigil.session.Authentication;
import dev.vigil.session.Session;
import dev.vigil.session.TokenChain;
import java.time.Instant;

/**
 * Makes a session read from the store cheaper to keep in the node cache, without changing its
 * value: parts that repeat across sessions (role sets, authentication methods, user agents,
 * timeouts, key ids) are shared through a weak interner, equal instants within one session are one
 * object, and the session id is the cache key's. A value no cached session refers to any more
 * leaves the interner with the next garbage collection. Only values that repeat across many
 * sessions are interned: a unique one would cost an interner entry and save nothing.
 */
final class CompactSessions {
  private final Interner<Object> shared = Interner.newWeakInterner();

  /**
   * {@code session}, equal to it, with its repeating parts shared.
   *
   * @param key the cache key it is stored under (its id, as an equal object)
   */
  Session compact(SessionId key, Session session) {
    Instant created = session.createdAt();
    Instant lifetime = same(created, session.lifetimeStart());
    Instant seen = same(lifetime, same(created, session.lastSeenAt()));
    Authentication a = session.auth();
    Authentication auth =
        new Authentication(intern(a.methods()), same(lifetime, same(created, a.time())), a.aal());
    ClientContext c = session.client();
    ClientContext client =
        c.userAgent().isEmpty() ? c : new ClientContext(c.ip(), intern(c.userAgent()));
    TokenChain t = session.chain();
    TokenChain chain =
        new TokenChain(
            t.generation(),
            t.currentHash(),
            t.currentUsed(),
            same(seen, same(created, t.issuedAt())),
            t.previousHash(),
            t.successorNonce(),
            intern(t.currentKid()),
            t.supersededBelow(),
            t.renewPending());
    return new Session(
        key.equals(session.id()) ? key : session.id(),
        session.subject(),
        intern(session.roles()),
        auth,
        client,
        session.boundToClient(),
        created,
        lifetime,
        seen,
        intern(session.idleTimeout()),
        intern(session.absoluteTimeout()),
        chain,
        session.revocation());
  }

  @SuppressWarnings("unchecked")
  private <T> T intern(T value) {
    return (T) shared.intern(value);
  }

  /** {@code a} when it is the same instant as {@code b}, so both fields hold one object. */
  private static Instant same(Instant a, Instant b) {
    return a.equals(b) ? a : b;
  }
}
