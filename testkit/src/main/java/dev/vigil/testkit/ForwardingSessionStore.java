package dev.vigil.testkit;

import dev.vigil.client.ClientContext;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.session.Revocation;
import dev.vigil.session.Session;
import dev.vigil.session.SessionRef;
import dev.vigil.session.SessionStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link SessionStore} that hands every call to {@link #delegate()}: extend it and override what
 * a test or tool changes (fail while "down", count writes, buffer inserts). {@link #delegate()} is
 * asked once per call, so overriding it alone affects every call.
 */
public abstract class ForwardingSessionStore implements SessionStore {
  /** The store each call goes to. */
  protected abstract SessionStore delegate();

  @Override
  public List<Session> insert(Session session, int maxPerSubject, Revocation eviction) {
    return delegate().insert(session, maxPerSubject, eviction);
  }

  @Override
  public Optional<Session> find(SessionId id) {
    return delegate().find(id);
  }

  @Override
  public Optional<Session> findToChange(SessionId id) {
    return delegate().findToChange(id);
  }

  @Override
  public boolean compareAndSet(Session expected, Session next) {
    return delegate().compareAndSet(expected, next);
  }

  @Override
  public void markUsed(SessionId id, long generation, Instant seen) {
    delegate().markUsed(id, generation, seen);
  }

  @Override
  public void touch(SessionId id, Instant seen) {
    delegate().touch(id, seen);
  }

  @Override
  public boolean moveClient(SessionId id, ClientContext client) {
    return delegate().moveClient(id, client);
  }

  @Override
  public Optional<Session> revoke(SessionId id, Revocation revocation) {
    return delegate().revoke(id, revocation);
  }

  @Override
  public List<Session> revokeSubject(
      Subject subject, Optional<SessionId> except, Revocation revocation) {
    return delegate().revokeSubject(subject, except, revocation);
  }

  @Override
  public long revokeEverything(Revocation revocation, int batch, Consumer<List<SessionRef>> ended) {
    return delegate().revokeEverything(revocation, batch, ended);
  }

  @Override
  public List<Session> findBySubject(Subject subject) {
    return delegate().findBySubject(subject);
  }

  @Override
  public int purge(Instant cutoff) {
    return delegate().purge(cutoff);
  }

  @Override
  public long countLive(Instant now) {
    return delegate().countLive(now);
  }

  @Override
  public boolean ping() {
    return delegate().ping();
  }
}
