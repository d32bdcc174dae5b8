package dev.vigil.session;

import dev.vigil.client.ClientContext;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where sessions live. Implementations must make every method atomic on its own and durable once it
 * returns, and must not rely on in-process locks for correctness: several Vigil nodes may share one
 * store. Every method may throw {@link StoreUnavailableException} when the store cannot be reached;
 * no other exception is expected.
 *
 * <p>A session is <em>live</em> at a time when it is not revoked and neither its absolute nor its
 * idle deadline has passed ({@link Session#isLive}). The cap on sessions per subject counts the
 * unrevoked ones, expired or not, and is enforced in the same atomic step as the insert, at a cost
 * that does not grow with the number of sessions the subject has.
 *
 * <p>The contract tests in {@code testkit} ({@code SessionStoreContract}) pin down the semantics,
 * races included.
 */
public interface SessionStore {
  /**
   * Stores a new session (its id is not yet taken) and, atomically with it, makes room under the
   * subject's cap: while the subject would have more than {@code maxPerSubject} unrevoked sessions,
   * the one to go first is ended with {@code eviction}: an expired one if any (earliest absolute
   * deadline first), else the least recently used. However many inserts for one subject arrive at
   * once, on however many nodes, the subject never keeps more than {@code maxPerSubject}.
   *
   * @param maxPerSubject at least 1
   * @return the sessions ended to make room, as they stand after their revocation; usually none
   */
  List<Session> insert(Session session, int maxPerSubject, Revocation eviction);

  /**
   * {@link #insert(Session, int, Revocation)}, and the events {@code events} makes of the sessions
   * ended to make room appended to {@code log}: in the same transaction where this store keeps
   * {@code log} in its own database (one write, and the session and its events are stored together
   * or not at all), else one after the other, as this default does.
   *
   * @param events builds the events to append from the sessions ended to make room (usually none);
   *     it may run inside the store's transaction, so it only builds them
   * @return the sessions ended to make room, as they stand after their revocation
   */
  default List<Session> insert(
      Session session,
      int maxPerSubject,
      Revocation eviction,
      dev.vigil.audit.AuditLog log,
      java.util.function.Function<List<Session>, List<dev.vigil.audit.Event>> events) {
    List<Session> evicted = insert(session, maxPerSubject, eviction);
    log.appendAll(events.apply(evicted));
    return evicted;
  }

  /** The session with this id, revoked and expired ones included, until purged. */
  Optional<Session> find(SessionId id);

  /**
   * {@link #find}, for a caller about to replace or end the session (a rotation, a revocation): a
   * store that keeps copies of sessions it read (a node's cache) answers from a copy it holds but
   * need not keep what it reads for this, since the write that follows drops it anyway.
   */
  default Optional<Session> findToChange(SessionId id) {
    return find(id);
  }

  /**
   * Replaces the mutable parts of a session (roles, authentication, client, lifetime start, last
   * use, token chain) with those of {@code next}, only if the session is not revoked and the store
   * still holds {@code expected} in everything another writer may change: the generation, whether
   * the current token was used, the pending renewal, the roles, the authentication and the client.
   * This is the compare-and-set that makes rotation and reuse detection safe across threads and
   * nodes, and that keeps a copy read earlier (a node's cache) from writing back roles removed or a
   * use recorded since.
   *
   * @param expected the session as the caller read it
   * @return whether the replacement happened
   */
  boolean compareAndSet(Session expected, Session next);

  /**
   * {@link #compareAndSet(Session, Session)}, and when the replacement happened, {@code event}
   * appended to {@code log}: in the same transaction where this store keeps {@code log} in its own
   * database (one write, and the change and its event are stored together or not at all), else one
   * after the other, as this default does.
   *
   * @return whether the replacement happened (the event is appended only then)
   */
  default boolean compareAndSet(
      Session expected, Session next, dev.vigil.audit.AuditLog log, dev.vigil.audit.Event event) {
    if (!compareAndSet(expected, next)) {
      return false;
    }
    log.append(event);
    return true;
  }

  /**
   * Marks the current token of generation {@code generation} as presented and records a use at
   * {@code seen} (never moving {@code last_seen_at} backwards). Does nothing when the generation
   * moved on.
   */
  void markUsed(SessionId id, long generation, Instant seen);

  /** Records a use at {@code seen}, never moving {@code last_seen_at} backwards. */
  void touch(SessionId id, Instant seen);

  /**
   * Records that a session not bound to its client is now used from {@code client}: replaces its
   * client and nothing else (roles, authentication and token chain stay as the store has them,
   * whatever copy the caller read), if the session is not revoked.
   *
   * @return whether the session took the client
   */
  boolean moveClient(SessionId id, ClientContext client);

  /**
   * Ends the session, if it is not ended already.
   *
   * @return the session as it stands after the call, empty when there is no such session
   */
  Optional<Session> revoke(SessionId id, Revocation revocation);

  /**
   * {@link #revoke(SessionId, Revocation)}, and when this call ended the session, the event that
   * {@code event} makes of the ended session appended to {@code log}: in the same transaction where
   * this store keeps {@code log} in its own database (one write: the revocation and its event are
   * stored together or not at all, so a revocation answered "store unavailable" has not taken
   * effect unseen), else one after the other, as this default does.
   *
   * @return the session as it stands after the call, empty when there is no such session
   */
  default Optional<Session> revoke(
      SessionId id,
      Revocation revocation,
      dev.vigil.audit.AuditLog log,
      java.util.function.Function<Session, dev.vigil.audit.Event> event) {
    Optional<Session> after = revoke(id, revocation);
    after
        .filter(s -> s.revocation().equals(Optional.of(revocation)))
        .ifPresent(s -> log.append(event.apply(s)));
    return after;
  }

  /**
   * Ends every session of {@code subject} that is live at the revocation's time, but {@code
   * except}, in one set operation.
   *
   * @return the sessions ended by this call, as they stand after it
   */
  List<Session> revokeSubject(Subject subject, Optional<SessionId> except, Revocation revocation);

  /**
   * {@link #revokeSubject(Subject, Optional, Revocation)}, and when it ended any session, the
   * events that {@code events} makes of the ended sessions appended to {@code log}: in the same
   * transaction where this store keeps {@code log} in its own database, else one after the other,
   * as this default does.
   *
   * @return the sessions this call ended
   */
  default List<Session> revokeSubject(
      Subject subject,
      Optional<SessionId> except,
      Revocation revocation,
      dev.vigil.audit.AuditLog log,
      java.util.function.Function<List<Session>, List<dev.vigil.audit.Event>> events) {
    List<Session> ended = revokeSubject(subject, except, revocation);
    if (!ended.isEmpty()) {
      log.appendAll(events.apply(ended));
    }
    return ended;
  }

  /**
   * Ends every session of every subject that is live at the revocation's time, in set operations of
   * at most {@code batch} sessions, handing each batch to {@code ended} once it is durable (so that
   * a caller can record them while memory stays bounded).
   *
   * @return how many were ended
   */
  long revokeEverything(
      Revocation revocation, int batch, java.util.function.Consumer<List<SessionRef>> ended);

  /**
   * Every unrevoked session of the subject (expired ones included), through a per-subject index.
   */
  List<Session> findBySubject(Subject subject);

  /**
   * Deletes sessions that were revoked, or whose absolute or idle deadline passed, before {@code
   * cutoff}.
   *
   * @return how many were deleted
   */
  int purge(Instant cutoff);

  /** How many sessions are live at {@code now}: not revoked, not past either deadline. */
  long countLive(Instant now);

  /** Whether the store answers at all, for readiness checks. */
  boolean ping();
}
