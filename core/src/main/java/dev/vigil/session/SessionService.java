package dev.vigil.session;

import dev.vigil.audit.AuditLog;
import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import dev.vigil.token.Keyring;
import dev.vigil.token.TokenCodec;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The session operations of the contract: create, verify (through {@link SessionVerifier}), rotate,
 * revoke, list and purge. Every change is recorded in the {@link AuditLog}. {@code by} parameters
 * name who asked (an API key's name, or {@code vigil}). Thread-safe.
 */
public final class SessionService {
  private final SessionStore store;
  private final SessionPolicy policy;
  private final Clock clock;
  private final SecureRandom random;
  private final TokenMint mint;
  private final SessionJournal journal;
  private final SessionVerifier verifier;

  public SessionService(
      SessionStore store,
      AuditLog audit,
      Supplier<Keyring> keyring,
      SessionPolicy policy,
      Clock clock) {
    this(store, audit, keyring, policy, RolePermissions.NONE, clock);
  }

  /** A service whose {@code require.permissions} checks use {@code permissions}. */
  public SessionService(
      SessionStore store,
      AuditLog audit,
      Supplier<Keyring> keyring,
      SessionPolicy policy,
      RolePermissions permissions,
      Clock clock) {
    this(store, audit, keyring, policy, permissions, StepUpMarks.NONE, clock);
  }

  /** A service that also refuses the sessions of {@code marks}' subjects until they step up. */
  public SessionService(
      SessionStore store,
      AuditLog audit,
      Supplier<Keyring> keyring,
      SessionPolicy policy,
      RolePermissions permissions,
      StepUpMarks marks,
      Clock clock) {
    this.store = store;
    this.policy = policy;
    this.clock = clock;
    this.random = new SecureRandom();
    TokenCodec codec = new TokenCodec();
    this.mint = new TokenMint(codec, keyring, random);
    this.journal = new SessionJournal(audit, random);
    this.verifier =
        new SessionVerifier(
            store, codec, keyring, mint, journal, policy, permissions, marks, clock, random);
  }

  /** The rules this service applies. */
  public SessionPolicy policy() {
    return policy;
  }

  /**
   * Opens a session and issues its first token. When the subject already has {@code
   * max_sessions_per_subject} live sessions, the least recently used ones are revoked with cause
   * {@link RevocationCause#SESSION_LIMIT} to make room.
   *
   * @throws IllegalArgumentException when a requested timeout is outside the policy's bounds (the
   *     edge checks with {@link SessionPolicy#checkIdle} first and answers 400)
   */
  public IssuedToken create(NewSession request, String by) {
    Duration idle = request.idleTimeout().orElse(policy.idleTimeout());
    Duration absolute = request.absoluteTimeout().orElse(policy.absoluteTimeout());
    policy
        .checkIdle(idle)
        .ifPresent(
            why -> {
              throw new IllegalArgumentException(why);
            });
    policy
        .checkAbsolute(absolute)
        .ifPresent(
            why -> {
              throw new IllegalArgumentException(why);
            });
    Instant now = clock.instant();
    SessionId id = SessionId.random(random);
    TokenMint.Minted first = mint.fresh(id, 0);
    Authentication auth = request.auth().orElse(new Authentication(List.of("pwd"), now, 1));
    Session session =
        new Session(
            id,
            request.subject(),
            request.roles(),
            auth,
            request.client(),
            request.bindToClient(),
            now,
            now,
            idle,
            absolute,
            TokenChain.first(first.secret().hash(), first.kid(), now),
            Optional.empty());
    makeRoom(request.subject(), now);
    store.insert(session);
    journal.created(session, by, now);
    return new IssuedToken(first.token(), session);
  }

  /** The verdict on a presented token; see {@link SessionVerifier}. */
  public Verdict verify(String token, ClientContext client, Requirements require) {
    return verifier.verify(token, client, require);
  }

  /**
   * Records that the edge refuses verifications from a client address for {@code coolDown} after a
   * burst of unauthentic tokens, and returns the verdict to give: {@link Reason#THROTTLED}, action
   * {@code retry}, with one incident for the whole cool-down (the edge hands out this verdict for
   * every refused request without recording each).
   *
   * @param evidence what triggered the cool-down (counts, window, address)
   */
  public Verdict.Invalid throttled(
      ClientContext client, Duration coolDown, Map<String, String> evidence) {
    Instant now = clock.instant();
    Verdict.Invalid v =
        new Verdict.Invalid(
            Reason.THROTTLED,
            IncidentId.random(random),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.of(coolDown),
            VerdictMessages.of(
                Reason.THROTTLED,
                new VerdictMessages.Facts(coolDown, RevocationCause.ADMIN, List.of())),
            evidence);
    journal.refused(v, Optional.empty(), client, now);
    return v;
  }

  /** The result of an explicit rotation: a new token, or why the presented one was refused. */
  public sealed interface Rotation {
    record Rotated(IssuedToken issued) implements Rotation {}

    record Refused(Verdict.Invalid verdict) implements Rotation {}
  }

  /**
   * Replaces the token of a live session after a privilege change: new roles and/or a fresh
   * authentication. Every earlier token answers {@link Reason#SUPERSEDED} from now on.
   */
  public Rotation rotate(
      String token, Optional<Set<String>> roles, Optional<Authentication> auth, String by) {
    Instant now = clock.instant();
    for (int attempt = 0; attempt < 3; attempt++) {
      switch (verifier.locate(token, ClientContext.UNKNOWN, false, now)) {
        case SessionVerifier.Located.Refused r -> {
          return new Rotation.Refused(r.verdict());
        }
        case SessionVerifier.Located.Found f -> {
          Session s = f.session();
          TokenMint.Minted next = mint.fresh(s.id(), s.chain().generation() + 1);
          Session rotated =
              s.withPrivileges(
                  roles.orElse(s.roles()),
                  auth.orElse(s.auth()),
                  s.chain().superseded(next.secret().hash(), next.kid(), now),
                  now);
          if (store.compareAndSet(s.id(), s.chain().generation(), rotated)) {
            journal.superseded(rotated, by, now);
            return new Rotation.Rotated(new IssuedToken(next.token(), rotated));
          }
        }
      }
    }
    throw new StoreUnavailableException("rotation kept losing a race; try again", null);
  }

  /**
   * Ends the session a token belongs to (logout). Idempotent: a token that is not authentic, or
   * whose session is gone or already ended, changes nothing.
   *
   * @return whether this call ended a session
   */
  public boolean revoke(String token, String by) {
    Instant now = clock.instant();
    return switch (verifier.locate(token, ClientContext.UNKNOWN, false, now)) {
      case SessionVerifier.Located.Refused r -> false;
      case SessionVerifier.Located.Found f ->
          end(f.session().id(), new Revocation(RevocationCause.LOGOUT, now, by));
    };
  }

  /**
   * Ends one session by id.
   *
   * @return whether a session with this id exists (ended now or before)
   */
  public boolean revoke(SessionId id, RevocationCause cause, String by) {
    if (store.find(id).isEmpty()) {
      return false;
    }
    end(id, new Revocation(cause, clock.instant(), by));
    return true;
  }

  /**
   * Ends every live session of a subject but {@code except}.
   *
   * @return how many were ended
   */
  public int revokeAll(
      Subject subject, Optional<SessionId> except, RevocationCause cause, String by) {
    Instant now = clock.instant();
    int ended = 0;
    for (Session s : live(subject, now)) {
      if (except.filter(s.id()::equals).isEmpty() && end(s.id(), new Revocation(cause, now, by))) {
        ended++;
      }
    }
    if (ended > 0) {
      journal.allEnded(subject, cause, ended, by, now);
    }
    return ended;
  }

  /**
   * Gives every live session of a subject new roles at once, without signing anyone out: the roles
   * apply from the next verification, and each session's token is rotated the next time it is
   * presented ({@code renewed_token}), as OWASP asks after a privilege change.
   *
   * @return how many sessions were changed
   */
  public int changeRoles(Subject subject, Set<String> roles, String by) {
    Instant now = clock.instant();
    int changed = 0;
    for (Session s : live(subject, now)) {
      for (int attempt = 0; attempt < 3; attempt++) {
        Session current = attempt == 0 ? s : store.find(s.id()).orElse(null);
        if (current == null || current.revocation().isPresent()) {
          break;
        }
        Session next =
            current.withPrivileges(
                roles, current.auth(), current.chain().renewSoon(), current.lastSeenAt());
        if (store.compareAndSet(current.id(), current.chain().generation(), next)) {
          journal.privilegesChanged(next, by, now);
          changed++;
          break;
        }
      }
    }
    return changed;
  }

  /** The session with this id, in whatever state, until purged. */
  public Optional<Session> find(SessionId id) {
    return store.find(id);
  }

  /** The live sessions of a subject, most recently used first. */
  public List<Session> list(Subject subject) {
    return live(subject, clock.instant());
  }

  /**
   * Deletes sessions that ended longer than the retention period ago. Their events stay.
   *
   * @return how many were deleted
   */
  public int purge() {
    return store.purge(clock.instant().minus(policy.retention()));
  }

  private List<Session> live(Subject subject, Instant now) {
    return store.findBySubject(subject).stream()
        .filter(s -> s.isLive(now))
        .sorted(Comparator.comparing(Session::lastSeenAt).reversed())
        .toList();
  }

  private void makeRoom(Subject subject, Instant now) {
    List<Session> live = live(subject, now);
    int excess = live.size() - policy.maxSessionsPerSubject() + 1;
    for (int i = 0; i < excess; i++) {
      Session lru = live.get(live.size() - 1 - i);
      end(lru.id(), new Revocation(RevocationCause.SESSION_LIMIT, now, "vigil"));
    }
  }

  private boolean end(SessionId id, Revocation r) {
    Optional<Session> after = store.revoke(id, r);
    if (after.isPresent() && after.get().revocation().equals(Optional.of(r))) {
      journal.revoked(after.get(), r, ClientContext.UNKNOWN);
      return true;
    }
    return false;
  }
}
