package dev.vigil.session;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.id.EventId;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes the session events to the {@link AuditLog}; one method per kind of event. */
final class SessionJournal {
  private final AuditLog log;
  private final SecureRandom random;

  SessionJournal(AuditLog log, SecureRandom random) {
    this.log = log;
    this.random = random;
  }

  /**
   * Stores {@code s} in {@code store} and records it: a {@code session.revoked} event for each
   * session ended to make room under the subject's cap, then {@code session.created}, in one write
   * where the store keeps this log ({@link SessionStore#insert(Session, int, Revocation, AuditLog,
   * java.util.function.Function)}).
   *
   * @return the sessions ended to make room
   */
  List<Session> inserted(
      SessionStore store, Session s, int maxPerSubject, Revocation eviction, String by) {
    return store.insert(
        s,
        maxPerSubject,
        eviction,
        log,
        evicted -> {
          List<Event> events = new ArrayList<>(evicted.size() + 1);
          for (Session ended : evicted) {
            events.add(
                event(
                    eviction.at(),
                    EventType.SESSION_REVOKED,
                    Optional.of(ended),
                    Optional.of(eviction.cause().name()),
                    ClientContext.UNKNOWN,
                    Map.of("by", eviction.by())));
          }
          events.add(created(s, by, s.createdAt()));
          return events;
        });
  }

  private Event created(Session s, String by, Instant now) {
    return event(
        now,
        EventType.SESSION_CREATED,
        Optional.of(s),
        Optional.empty(),
        s.client(),
        Map.of(
            "by",
            by,
            "aal",
            Integer.toString(s.auth().aal()),
            "bound",
            Boolean.toString(s.boundToClient()),
            "idle_timeout",
            s.idleTimeout().toString(),
            "absolute_timeout",
            s.absoluteTimeout().toString()));
  }

  void rotated(Session s, ClientContext client, Instant now) {
    // on the verify path: the event joins the next batch instead of waiting for the disk
    log.appendSoon(
        event(
            now,
            EventType.SESSION_ROTATED,
            Optional.of(s),
            Optional.empty(),
            client,
            Map.of(
                "generation",
                Long.toString(s.chain().generation()),
                "key",
                s.chain().currentKid().value())));
  }

  void clientChanged(
      Session s,
      ClientContext client,
      ClientChange policy,
      Map<String, String> detail,
      Instant now) {
    log.appendSoon(
        event(
            now,
            EventType.SESSION_CLIENT_CHANGED,
            Optional.of(s),
            Optional.of(policy.name()),
            client,
            detail));
  }

  /**
   * Replaces {@code current} by {@code superseded} in {@code store} and records it, in one write
   * where the store keeps this log ({@link SessionStore#compareAndSet(Session, Session, AuditLog,
   * Event)}).
   *
   * @return whether the replacement happened
   */
  boolean superseded(
      SessionStore store, Session current, Session superseded, String by, Instant now) {
    return store.compareAndSet(
        current,
        superseded,
        log,
        event(
            now,
            EventType.SESSION_SUPERSEDED,
            Optional.of(superseded),
            Optional.empty(),
            ClientContext.UNKNOWN,
            Map.of(
                "by",
                by,
                "generation",
                Long.toString(superseded.chain().generation()),
                "roles",
                String.join(",", superseded.roles()))));
  }

  /**
   * Replaces {@code current} with {@code changed}, new roles, in {@code store} with its {@code
   * session.privileges_changed} event, in one write where the store can.
   *
   * @return whether the replacement happened
   */
  boolean privilegesChanged(
      SessionStore store, Session current, Session changed, String by, Instant now) {
    return store.compareAndSet(
        current,
        changed,
        log,
        event(
            now,
            EventType.SESSION_PRIVILEGES_CHANGED,
            Optional.of(changed),
            Optional.of("PRIVILEGE_CHANGED"),
            ClientContext.UNKNOWN,
            Map.of("by", by, "roles", String.join(",", changed.roles()))));
  }

  /**
   * Ends session {@code id} in {@code store} with its {@code session.revoked} event, in one write
   * where the store can ({@link SessionStore#revoke(SessionId, Revocation, AuditLog,
   * java.util.function.Function)}).
   *
   * @return the session as it stands after the call, empty when there is no such session
   */
  Optional<Session> revoke(SessionStore store, SessionId id, Revocation r, ClientContext client) {
    return store.revoke(id, r, log, s -> revoked(s, r, client));
  }

  /** The {@code session.revoked} event of {@code s}, ended by {@code r}. */
  private Event revoked(Session s, Revocation r, ClientContext client) {
    return event(
        r.at(),
        EventType.SESSION_REVOKED,
        Optional.of(s),
        Optional.of(r.cause().name()),
        client,
        Map.of("by", r.by()));
  }

  /**
   * Ends every live session of {@code subject} but {@code except} in {@code store}, with one {@code
   * session.revoked} event per session ended and one {@code sessions.ended} for them all, in one
   * write where the store can.
   *
   * @return the sessions ended
   */
  java.util.List<Session> revokeAll(
      SessionStore store, Subject subject, Optional<SessionId> except, Revocation r) {
    return store.revokeSubject(
        subject,
        except,
        r,
        log,
        ended -> {
          java.util.List<Event> events = new java.util.ArrayList<>(ended.size() + 1);
          for (Session s : ended) {
            events.add(revoked(s, r, ClientContext.UNKNOWN));
          }
          events.add(allEnded(subject, r.cause(), ended.size(), r.by(), r.at()));
          return events;
        });
  }

  /** One {@code session.revoked} event per session of a bulk revocation, in one batch. */
  void revokedRefs(java.util.List<SessionRef> ended, Revocation r) {
    if (ended.isEmpty()) {
      return;
    }
    java.util.List<Event> events = new java.util.ArrayList<>(ended.size());
    Map<String, String> detail = Map.of("by", r.by());
    Optional<String> cause = Optional.of(r.cause().name());
    for (SessionRef s : ended) {
      events.add(
          new Event(
              EventId.at(r.at(), random),
              r.at(),
              EventType.SESSION_REVOKED,
              Optional.of(s.subject()),
              Optional.of(s.id()),
              cause,
              Optional.empty(),
              ClientContext.UNKNOWN,
              detail));
    }
    log.appendAll(events);
  }

  void endedEverywhere(RevocationCause cause, long count, String by, Instant now) {
    log.append(
        new Event(
            EventId.at(now, random),
            now,
            EventType.SESSIONS_ENDED_EVERYWHERE,
            Optional.empty(),
            Optional.empty(),
            Optional.of(cause.name()),
            Optional.empty(),
            ClientContext.UNKNOWN,
            Map.of("by", by, "sessions", Long.toString(count))));
  }

  private Event allEnded(
      Subject subject, RevocationCause cause, int count, String by, Instant now) {
    return new Event(
        EventId.at(now, random),
        now,
        EventType.SESSIONS_ENDED,
        Optional.of(subject),
        Optional.empty(),
        Optional.of(cause.name()),
        Optional.empty(),
        ClientContext.UNKNOWN,
        Map.of("by", by, "sessions", Integer.toString(count)));
  }

  void refused(Verdict.Invalid v, Optional<Session> s, ClientContext client, Instant now) {
    log.appendSoon(
        new Event(
            EventId.at(now, random),
            now,
            EventType.VERIFY_FAILED,
            s.map(Session::subject),
            v.sessionId(),
            Optional.of(v.reason().name()),
            Optional.of(v.incident()),
            client,
            v.evidence()));
  }

  private void write(
      Instant now,
      EventType type,
      Optional<Session> s,
      Optional<String> reason,
      ClientContext client,
      Map<String, String> detail) {
    log.append(event(now, type, s, reason, client, detail));
  }

  private Event event(
      Instant now,
      EventType type,
      Optional<Session> s,
      Optional<String> reason,
      ClientContext client,
      Map<String, String> detail) {
    return new Event(
        EventId.at(now, random),
        now,
        type,
        s.map(Session::subject),
        s.map(Session::id),
        reason,
        Optional.empty(),
        client,
        detail);
  }
}
