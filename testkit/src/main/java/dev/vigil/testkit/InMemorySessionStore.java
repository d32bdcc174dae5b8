package dev.vigil.testkit;

import dev.vigil.client.ClientContext;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.session.Revocation;
import dev.vigil.session.Session;
import dev.vigil.session.SessionRef;
import dev.vigil.session.SessionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link SessionStore} in a map, for tests and benchmarks. Every method holds the store's lock:
 * an in-memory store serves one process, so its lock is its store's atomicity.
 */
public final class InMemorySessionStore implements SessionStore {
  private final java.util.Map<SessionId, Session> sessions = new java.util.HashMap<>();

  @Override
  public synchronized List<Session> insert(
      Session session, int maxPerSubject, Revocation eviction) {
    if (sessions.containsKey(session.id())) {
      throw new IllegalStateException("duplicate session id " + session.id());
    }
    List<Session> unrevoked = new ArrayList<>(findBySubject(session.subject()));
    Instant now = eviction.at();
    unrevoked.sort(
        Comparator.comparing((Session s) -> s.isLive(now))
            .thenComparing(s -> s.isLive(now) ? s.lastSeenAt() : s.absoluteDeadline()));
    List<Session> evicted = new ArrayList<>();
    for (int i = 0; unrevoked.size() + 1 - i > maxPerSubject; i++) {
      Session ended = unrevoked.get(i).revoked(eviction);
      sessions.put(ended.id(), ended);
      evicted.add(ended);
    }
    sessions.put(session.id(), session);
    return evicted;
  }

  @Override
  public synchronized Optional<Session> find(SessionId id) {
    return Optional.ofNullable(sessions.get(id));
  }

  @Override
  public synchronized boolean compareAndSet(Session expected, Session next) {
    Session s = sessions.get(expected.id());
    if (s == null || s.revocation().isPresent() || !sameChangeableParts(s, expected)) {
      return false;
    }
    sessions.put(s.id(), s.withMutablePartsOf(next));
    return true;
  }

  private static boolean sameChangeableParts(Session stored, Session expected) {
    return stored.chain().generation() == expected.chain().generation()
        && stored.chain().currentUsed() == expected.chain().currentUsed()
        && stored.chain().renewPending() == expected.chain().renewPending()
        && stored.roles().equals(expected.roles())
        && stored.auth().equals(expected.auth())
        && stored.client().equals(expected.client());
  }

  @Override
  public synchronized void markUsed(SessionId id, long generation, Instant seen) {
    sessions.computeIfPresent(
        id,
        (k, s) -> s.chain().generation() != generation ? s : s.withChain(s.chain().used(), seen));
  }

  @Override
  public synchronized void touch(SessionId id, Instant seen) {
    sessions.computeIfPresent(id, (k, s) -> s.seenAt(seen));
  }

  @Override
  public synchronized boolean moveClient(SessionId id, ClientContext client) {
    Session s = sessions.get(id);
    if (s == null || s.revocation().isPresent()) {
      return false;
    }
    sessions.put(id, s.withClient(client));
    return true;
  }

  @Override
  public synchronized Optional<Session> revoke(SessionId id, Revocation revocation) {
    return Optional.ofNullable(sessions.computeIfPresent(id, (k, s) -> s.revoked(revocation)));
  }

  @Override
  public synchronized List<Session> revokeSubject(
      Subject subject, Optional<SessionId> except, Revocation revocation) {
    List<Session> ended = new ArrayList<>();
    for (Session s : findBySubject(subject)) {
      if (s.isLive(revocation.at()) && except.filter(s.id()::equals).isEmpty()) {
        Session after = s.revoked(revocation);
        sessions.put(s.id(), after);
        ended.add(after);
      }
    }
    return ended;
  }

  @Override
  public synchronized long revokeEverything(
      Revocation revocation, int batch, Consumer<List<SessionRef>> ended) {
    List<SessionRef> done = new ArrayList<>();
    long count = 0;
    for (Session s : List.copyOf(sessions.values())) {
      if (s.isLive(revocation.at()) && !s.createdAt().isAfter(revocation.at())) {
        Session after = s.revoked(revocation);
        sessions.put(s.id(), after);
        done.add(new SessionRef(s.id(), s.subject()));
        count++;
        if (done.size() == batch) {
          ended.accept(List.copyOf(done));
          done.clear();
        }
      }
    }
    if (!done.isEmpty()) {
      ended.accept(List.copyOf(done));
    }
    return count;
  }

  @Override
  public synchronized List<Session> findBySubject(Subject subject) {
    return sessions.values().stream()
        .filter(s -> s.subject().equals(subject) && s.revocation().isEmpty())
        .toList();
  }

  @Override
  public synchronized int purge(Instant cutoff) {
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
  public synchronized long countLive(Instant now) {
    return sessions.values().stream().filter(s -> s.isLive(now)).count();
  }

  @Override
  public boolean ping() {
    return true;
  }
}
