package dev.vigil.testkit;

import dev.vigil.id.SessionId;
import dev.vigil.session.Revocation;
import dev.vigil.session.Session;
import dev.vigil.session.SessionStore;
import dev.vigil.session.Subject;
import java.time.Instant;
import java.util.ArrayList;
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
          return new Session(
              s.id(),
              s.subject(),
              next.roles(),
              next.auth(),
              s.client(),
              s.boundToClient(),
              s.createdAt(),
              later(s.lastSeenAt(), next.lastSeenAt()),
              s.idleTimeout(),
              s.absoluteTimeout(),
              next.chain(),
              s.revocation());
        });
    return done[0];
  }

  @Override
  public void markUsed(SessionId id, long generation, Instant seen) {
    sessions.computeIfPresent(
        id, (k, s) -> s.chain().generation() != generation ? s : with(s, s.chain().used(), seen));
  }

  @Override
  public void touch(SessionId id, Instant seen) {
    sessions.computeIfPresent(id, (k, s) -> with(s, s.chain(), seen));
  }

  @Override
  public Optional<Session> revoke(SessionId id, Revocation revocation) {
    return Optional.ofNullable(
        sessions.computeIfPresent(
            id,
            (k, s) ->
                s.revocation().isPresent()
                    ? s
                    : new Session(
                        s.id(),
                        s.subject(),
                        s.roles(),
                        s.auth(),
                        s.client(),
                        s.boundToClient(),
                        s.createdAt(),
                        s.lastSeenAt(),
                        s.idleTimeout(),
                        s.absoluteTimeout(),
                        s.chain(),
                        Optional.of(revocation))));
  }

  @Override
  public List<Session> findBySubject(Subject subject) {
    List<Session> out = new ArrayList<>();
    for (Session s : sessions.values()) {
      if (s.subject().equals(subject) && s.revocation().isEmpty()) {
        out.add(s);
      }
    }
    return out;
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

  private static Session with(Session s, dev.vigil.session.TokenChain chain, Instant seen) {
    return new Session(
        s.id(),
        s.subject(),
        s.roles(),
        s.auth(),
        s.client(),
        s.boundToClient(),
        s.createdAt(),
        later(s.lastSeenAt(), seen),
        s.idleTimeout(),
        s.absoluteTimeout(),
        chain,
        s.revocation());
  }

  private static Instant later(Instant a, Instant b) {
    return b.isAfter(a) ? b : a;
  }
}
