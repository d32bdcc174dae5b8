package dev.vigil.testkit;

import dev.vigil.id.SessionId;
import dev.vigil.session.Revocation;
import dev.vigil.session.Session;
import dev.vigil.session.SessionStore;
import dev.vigil.session.Subject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link SessionStore} in a map, for tests and benchmarks. Atomic per call through {@code
 * compute}.
 */
public final class InMemorySessionStore implements SessionStore {
  private final ConcurrentMap<SessionId, Session> sessions = new ConcurrentHashMap<>();

  @Override
  public void insert(Session session) {
    if (sessions.putIfAbsent(session.id(), session) != null) {
      throw new IllegalStateException("duplicate session id " + session.id());
    }
  }

  @Override
  public Optional<Session> find(SessionId id) {
    return Optional.ofNullable(sessions.get(id));
  }

  @Override
  public boolean compareAndSet(SessionId id, long expectedGeneration, Session next) {
    boolean[] done = {false};
    sessions.computeIfPresent(
        id,
        (k, s) -> {
          if (s.chain().generation() != expectedGeneration || s.revocation().isPresent()) {
            return s;
          }
          done[0] = true;
          return s.withPrivileges(next.roles(), next.auth(), next.chain(), next.lastSeenAt());
        });
    return done[0];
  }

  @Override
  public void markUsed(SessionId id, long generation, Instant seen) {
    sessions.computeIfPresent(
        id,
        (k, s) -> s.chain().generation() != generation ? s : s.withChain(s.chain().used(), seen));
  }

  @Override
  public void touch(SessionId id, Instant seen) {
    sessions.computeIfPresent(id, (k, s) -> s.seenAt(seen));
  }

  @Override
  public Optional<Session> revoke(SessionId id, Revocation revocation) {
    return Optional.ofNullable(sessions.computeIfPresent(id, (k, s) -> s.revoked(revocation)));
  }

  @Override
  public List<Session> findBySubject(Subject subject) {
    return sessions.values().stream()
        .filter(s -> s.subject().equals(subject) && s.revocation().isEmpty())
        .toList();
  }

  @Override
  public int purge(Instant cutoff) {
    int before = sessions.size();
    sessions
        .values()
        .removeIf(
            s ->
                s.revocation().map(r -> r.at().isBefore(cutoff)).orElse(false)
                    || s.absoluteDeadline().isBefore(cutoff)
                    || s.idleDeadline().isBefore(cutoff));
    return before - sessions.size();
  }

  @Override
  public long countLive(Instant now) {
    return sessions.values().stream().filter(s -> s.isLive(now)).count();
  }

  @Override
  public boolean ping() {
    return true;
  }
}
