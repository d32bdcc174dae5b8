package dev.vigil.server;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.vigil.client.ClientContext;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.session.Revocation;
import dev.vigil.session.Session;
import dev.vigil.session.SessionStore;
import dev.vigil.session.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A {@link SessionStore} that keeps recently used sessions of this node in memory (Caffeine), so
 * that verifying a cached, authentic token needs no store round trip. Every write made through this
 * node drops the cached copy in the same call (the next read loads what the store decided), so
 * revocation, rotation and expiry are honoured at once on this node. The exceptions keep a cached
 * copy true in place: the monotonic marks of use ({@link #markUsed}, {@link #touch}), and a
 * compare-and-set (a rotation), which runs inside the cache's atomic computation for its session
 * and replaces a cached copy with what the store took, so that two writes of one session at once (a
 * rotation and a logout) are ordered in the cache as in the store. A write never adds a session not
 * cached. An entry older than {@code ttl} is refreshed from the store in the background while the
 * cached copy keeps answering (so a hot session never makes every concurrent request wait on the
 * store at once); an entry not refreshed within three times {@code ttl} is dropped. Writes made by
 * other processes are therefore seen after about {@code ttl}. A failed compare-and-set drops the
 * entry, so the retry reads the store. A session is cached packed, with the parts it shares with
 * others shared ({@link CompactSessions}).
 */
public final class CachedSessionStore implements SessionStore {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(CachedSessionStore.class);
  private final SessionStore store;
  private final LoadingCache<CompactSessions.Key, CompactSessions.Entry> cache;
  private final CompactSessions compact = new CompactSessions();

  public CachedSessionStore(SessionStore store, long maxSessions, Duration ttl) {
    this(store, maxSessions, ttl, ttl.multipliedBy(3));
  }

  private CachedSessionStore(
      SessionStore store, long maxSessions, Duration refreshAfter, Duration expireAfter) {
    this.store = store;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maxSessions)
            .refreshAfterWrite(refreshAfter)
            .expireAfterWrite(expireAfter)
            .build(k -> store.find(k.id()).map(compact::compact).orElse(null));
  }

  /**
   * A cache for a store shared by several nodes: no entry is answered from once it is older than
   * {@code bound} (refreshed in the background after half of it), so a change made on another node
   * is seen within {@code bound} even when its announcement ({@link #invalidate}) is lost.
   */
  public static CachedSessionStore bounded(SessionStore store, long maxSessions, Duration bound) {
    return new CachedSessionStore(store, maxSessions, bound.dividedBy(2), bound);
  }

  /** Drops these sessions: another node changed them. */
  public void invalidate(java.util.Collection<SessionId> ids) {
    cache.invalidateAll(ids.stream().map(CompactSessions.Key::of).toList());
  }

  /** Drops every session: any may have changed elsewhere. */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  @Override
  public List<Session> insert(Session session, int maxPerSubject, Revocation eviction) {
    List<Session> evicted = store.insert(session, maxPerSubject, eviction);
    evicted.forEach(s -> cache.invalidate(CompactSessions.Key.of(s.id())));
    cache.invalidate(CompactSessions.Key.of(session.id()));
    return evicted;
  }

  @Override
  public List<Session> insert(
      Session session,
      int maxPerSubject,
      Revocation eviction,
      dev.vigil.audit.AuditLog log,
      java.util.function.Function<List<Session>, List<dev.vigil.audit.Event>> events) {
    List<Session> evicted = store.insert(session, maxPerSubject, eviction, log, events);
    evicted.forEach(s -> cache.invalidate(CompactSessions.Key.of(s.id())));
    cache.invalidate(CompactSessions.Key.of(session.id()));
    return evicted;
  }

  @Override
  public Optional<Session> find(SessionId id) {
    CompactSessions.Entry cached = cache.get(CompactSessions.Key.of(id));
    return cached == null ? Optional.empty() : Optional.of(cached.unpack(id));
  }

  /**
   * {@inheritDoc}
   *
   * <p>A cached copy answers; a session not cached is read from the store and not cached: packing
   * it and adding it just before the write drops it again also woke a thread for Caffeine's upkeep
   * each time (7.73 -> 4.25 futex calls per explicit rotation on a store of 10^6 sessions without
   * it; docs/BENCHMARKS.md, "Rotation reads its session without caching it").
   */
  @Override
  public Optional<Session> findToChange(SessionId id) {
    CompactSessions.Entry cached = cache.getIfPresent(CompactSessions.Key.of(id));
    return cached == null ? store.find(id) : Optional.of(cached.unpack(id));
  }

  @Override
  public boolean compareAndSet(Session expected, Session next) {
    return changed(expected.id(), next, () -> store.compareAndSet(expected, next));
  }

  @Override
  public boolean compareAndSet(
      Session expected, Session next, dev.vigil.audit.AuditLog log, dev.vigil.audit.Event event) {
    return changed(expected.id(), next, () -> store.compareAndSet(expected, next, log, event));
  }

  /**
   * Runs {@code write}, a compare-and-set of session {@code id} to {@code next}, inside the cache's
   * atomic computation for that session: when the store took it, a cached copy takes the mutable
   * parts of {@code next} (as the store does: last use and lifetime start never backwards) and a
   * session not cached is added as {@code next}; when it did not (or failed), the entry is dropped.
   * Any other change of the session through this node drops or updates the entry by key and so
   * waits for this computation to finish: a revocation that lands during the write is never undone
   * by the cached copy. What follows a rotation, the new token's first use or the chain's next
   * rotation, is then answered without a store read; that first use would otherwise read the store
   * and add the session itself (docs/BENCHMARKS.md, "A rotation caches what it wrote").
   */
  private boolean changed(SessionId id, Session next, java.util.function.BooleanSupplier write) {
    CompactSessions.Key key = CompactSessions.Key.of(id);
    boolean[] done = {false};
    try {
      cache
          .asMap()
          .compute(
              key,
              (k, cached) -> {
                done[0] = write.getAsBoolean();
                // as the store writes it: last use and lifetime start never move backwards
                if (!done[0]) {
                  return null;
                }
                return compact.compact(
                    cached == null ? next : cached.unpack(id).withMutablePartsOf(next));
              });
    } catch (RuntimeException e) {
      cache.invalidate(key);
      throw e;
    }
    return done[0];
  }

  @Override
  public void markUsed(SessionId id, long generation, Instant seen) {
    store.markUsed(id, generation, seen);
    cache
        .asMap()
        .computeIfPresent(
            CompactSessions.Key.of(id),
            (k, cached) -> {
              Session s = cached.unpack(id);
              return s.chain().generation() != generation
                  ? cached
                  : compact.compact(s.withChain(s.chain().used(), seen));
            });
  }

  /**
   * {@inheritDoc}
   *
   * <p>A touch the store refuses (its disk is full, it is unreachable) is logged and kept in the
   * cached copy only, and verification goes on: a touch is bookkeeping for the idle timeout, and a
   * full disk must not turn every verification of a session last recorded over a touch interval ago
   * into a 503. The cost is that the idle deadline still counts from the last recorded use, so an
   * outage longer than the idle timeout can end a session in use early; never late. Writes that
   * guard a token (a first use after rotation, a rotation, a revocation) still fail.
   */
  @Override
  public void touch(SessionId id, Instant seen) {
    try {
      store.touch(id, seen);
    } catch (StoreUnavailableException e) {
      LOG.warn("use of session {} not recorded: {}", id.value(), e.getMessage());
    }
    cache
        .asMap()
        .computeIfPresent(
            CompactSessions.Key.of(id),
            (k, cached) -> compact.compact(cached.unpack(id).seenAt(seen)));
  }

  @Override
  public boolean moveClient(SessionId id, ClientContext client) {
    boolean done = store.moveClient(id, client);
    cache.invalidate(CompactSessions.Key.of(id));
    return done;
  }

  @Override
  public Optional<Session> revoke(SessionId id, Revocation revocation) {
    Optional<Session> after = store.revoke(id, revocation);
    cache.invalidate(CompactSessions.Key.of(id));
    return after;
  }

  @Override
  public Optional<Session> revoke(
      SessionId id,
      Revocation revocation,
      dev.vigil.audit.AuditLog log,
      java.util.function.Function<Session, dev.vigil.audit.Event> event) {
    Optional<Session> after = store.revoke(id, revocation, log, event);
    cache.invalidate(CompactSessions.Key.of(id));
    return after;
  }

  @Override
  public List<Session> revokeSubject(
      Subject subject, Optional<SessionId> except, Revocation revocation) {
    return invalidated(store.revokeSubject(subject, except, revocation));
  }

  @Override
  public List<Session> revokeSubject(
      Subject subject,
      Optional<SessionId> except,
      Revocation revocation,
      dev.vigil.audit.AuditLog log,
      java.util.function.Function<List<Session>, List<dev.vigil.audit.Event>> events) {
    return invalidated(store.revokeSubject(subject, except, revocation, log, events));
  }

  /** Drops the cached copies of {@code ended}; returns them. */
  private List<Session> invalidated(List<Session> ended) {
    ended.forEach(s -> cache.invalidate(CompactSessions.Key.of(s.id())));
    return ended;
  }

  @Override
  public long revokeEverything(
      Revocation revocation,
      int batch,
      java.util.function.Consumer<List<dev.vigil.session.SessionRef>> ended) {
    return store.revokeEverything(
        revocation,
        batch,
        done -> {
          done.forEach(s -> cache.invalidate(CompactSessions.Key.of(s.id())));
          ended.accept(done);
        });
  }

  @Override
  public List<Session> findBySubject(Subject subject) {
    return store.findBySubject(subject);
  }

  @Override
  public int purge(Instant cutoff) {
    int n = store.purge(cutoff);
    if (n > 0) {
      cache.invalidateAll();
    }
    return n;
  }

  @Override
  public long countLive(Instant now) {
    return store.countLive(now);
  }

  @Override
  public boolean ping() {
    return store.ping();
  }

  /** Sessions held in the cache now (approximate). */
  public long cachedSessions() {
    return cache.estimatedSize();
  }
}
