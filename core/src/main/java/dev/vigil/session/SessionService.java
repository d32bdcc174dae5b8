package dev.vigil.session;

import dev.vigil.audit.AuditLog;
import dev.vigil.client.ClientContext;
import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import dev.vigil.token.KeyringSupplier;
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

/**
 * The session operations of the contract: create, verify (through {@link SessionVerifier}), rotate,
 * revoke, list and purge. Every change is recorded in the {@link AuditLog}. {@code by} parameters
 * name who asked (an API key's name, or {@code vigil}). Thread-safe.
 */
public final class SessionService {
  /** Who a change is attributed to when Vigil itself made it. */
  /** Who Vigil itself is, in revocations and events it decides. */
  public static final String VIGIL = "vigil";

  /**
   * Compare-and-set attempts before a change gives up as contended; each lost attempt means another
   * change of the same session succeeded, so reaching it needs a sustained burst on one session.
   */
  static final int MAX_CAS_ATTEMPTS = 16;

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
      KeyringSupplier keyring,
      SessionPolicy policy,
      Clock clock) {
    this(store, audit, keyring, policy, RolePermissions.NONE, clock);
  }

  /** A service whose {@code require.permissions} checks use {@code permissions}. */
  public SessionService(
      SessionStore store,
      AuditLog audit,
      KeyringSupplier keyring,
      SessionPolicy policy,
      RolePermissions permissions,
      Clock clock) {
    this(store, audit, keyring, policy, permissions, StepUpMarks.NONE, clock);
  }

  /** A service that also refuses the sessions of {@code marks}' subjects until they step up. */
  public SessionService(
      SessionStore store,
      AuditLog audit,
      KeyringSupplier keyring,
      SessionPolicy policy,
      RolePermissions permissions,
      StepUpMarks marks,
      Clock clock) {
    this(store, audit, keyring, policy, new Checks(permissions, marks, ClientWatch.DEFAULT), clock);
  }

  /**
   * What verification checks beyond the token and its session: permissions of roles, subjects
   * marked for step-up, and changes of client.
   */
  public record Checks(RolePermissions permissions, StepUpMarks marks, ClientWatch clients) {}

  /** A service with every check given. */
  public SessionService(
      SessionStore store,
      AuditLog audit,
      KeyringSupplier keyring,
      SessionPolicy policy,
      Checks checks,
      Clock clock) {
    this.store = store;
    this.policy = policy;
    this.clock = clock;
    this.random = new SecureRandom();
    TokenCodec codec = new TokenCodec();
    this.mint = new TokenMint(codec, keyring, random);
    this.journal = new SessionJournal(audit, random);
    this.verifier =
        new SessionVerifier(store, codec, keyring, mint, journal, policy, checks, clock, random);
  }

  /** The rules this service applies. */
  public SessionPolicy policy() {
    return policy;
  }

  /**
   * Opens a session and issues its first token. When the subject already has {@code
   * max_sessions_per_subject} unrevoked sessions, the store ends expired ones first, then the least
   * recently used, with cause {@link RevocationCause#SESSION_LIMIT}, atomically with the insert
   * ({@link SessionStore#insert}); the session, its {@code session.created} event and those of the
   * sessions ended are one write where the store keeps the audit log.
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
            now,
            idle,
            absolute,
            TokenChain.first(first.secret().hash(), first.kid(), now),
            Optional.empty());
    Revocation eviction = new Revocation(RevocationCause.SESSION_LIMIT, now, VIGIL);
    journal.inserted(store, session, policy.maxSessionsPerSubject(), eviction, by);
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
            Optional.empty(),
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

    /**
     * Every attempt lost its compare-and-set to another change of the same session (each loss means
     * another rotation or role change succeeded meanwhile): nothing was changed, and the caller may
     * simply try again. Not a store outage.
     */
    record Contended(int attempts) implements Rotation {}
  }

  /**
   * Replaces the token of a live session after a privilege change: new roles and/or a fresh
   * authentication. Every earlier token answers {@link Reason#SUPERSEDED} from now on. A lost
   * compare-and-set is retried from the session as it then stands, up to {@value #MAX_CAS_ATTEMPTS}
   * times.
   */
  public Rotation rotate(
      String token, Optional<Set<String>> roles, Optional<Authentication> auth, String by) {
    return supersede(
        token,
        (s, chain, now) ->
            s.withPrivileges(roles.orElse(s.roles()), auth.orElse(s.auth()), chain, now),
        by);
  }

  /**
   * Rotates the token of a live session after its user re-authenticated ({@code auth}, a step-up):
   * the authentication is replaced and both timeouts restart (NIST SP 800-63B-4 section 5.2), and
   * {@code from} (when it names an address) becomes the session's client. Every earlier token
   * answers {@link Reason#SUPERSEDED}.
   */
  public Rotation reauthenticate(String token, Authentication auth, ClientContext from, String by) {
    return supersede(token, (s, chain, now) -> s.reauthenticated(auth, chain, now, from), by);
  }

  /** How an explicit rotation changes the session, given its new chain and the time. */
  @FunctionalInterface
  private interface Change {
    Session apply(Session current, TokenChain next, Instant now);
  }

  private Rotation supersede(String token, Change change, String by) {
    Instant now = clock.instant();
    for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      switch (verifier.locate(token, ClientContext.UNKNOWN, SessionVerifier.Purpose.CHANGE, now)) {
        case SessionVerifier.Located.Refused r -> {
          return new Rotation.Refused(r.verdict());
        }
        case SessionVerifier.Located.Found f -> {
          Session s = f.session();
          TokenMint.Minted next = mint.fresh(s.id(), s.chain().generation() + 1);
          Session rotated =
              change.apply(s, s.chain().superseded(next.secret().hash(), next.kid(), now), now);
          if (journal.superseded(store, s, rotated, by, now)) {
            return new Rotation.Rotated(new IssuedToken(next.token(), rotated));
          }
        }
      }
    }
    return new Rotation.Contended(MAX_CAS_ATTEMPTS);
  }

  /**
   * Ends the session a token belongs to (logout). Idempotent: a token that is not authentic, or
   * whose session is gone or already ended, changes nothing.
   *
   * @return whether this call ended a session
   */
  public boolean revoke(String token, String by) {
    Instant now = clock.instant();
    return switch (verifier.locate(
        token, ClientContext.UNKNOWN, SessionVerifier.Purpose.CHANGE, now)) {
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
    Revocation r = new Revocation(cause, clock.instant(), by);
    return journal.revokeAll(store, subject, except, r).size();
  }

  /** Sessions ended per set operation and per batch of events in {@link #revokeEverything}. */
  static final int EVERYTHING_BATCH = 10_000;

  /**
   * Ends every live session of every subject (after a key leak, for example; ASVS 5.0 7.4.5): in
   * set operations of {@value #EVERYTHING_BATCH} sessions, each followed by its sessions' events in
   * one batch, then one event for the whole.
   *
   * @return how many were ended
   */
  public long revokeEverything(RevocationCause cause, String by) {
    return revokeEverything(cause, by, EVERYTHING_BATCH);
  }

  /**
   * {@link #revokeEverything(RevocationCause, String)} in set operations of {@code batch} sessions
   * (for tools that measure the choice of {@value #EVERYTHING_BATCH}).
   *
   * @param batch at least 1
   */
  public long revokeEverything(RevocationCause cause, String by, int batch) {
    Revocation r = new Revocation(cause, clock.instant(), by);
    long ended = store.revokeEverything(r, batch, done -> journal.revokedRefs(done, r));
    journal.endedEverywhere(cause, ended, by, r.at());
    return ended;
  }

  /**
   * Gives every live session of a subject new roles at once, without signing anyone out: the roles
   * apply from the next verification, and each session's token is rotated the next time it is
   * presented ({@code renewed_token}), as OWASP asks after a privilege change. A session that
   * already holds exactly {@code roles} is left as it is (its privileges do not change).
   *
   * @return how many sessions were changed
   */
  public int changeRoles(Subject subject, Set<String> roles, String by) {
    Instant now = clock.instant();
    int changed = 0;
    for (Session s : live(subject, now)) {
      for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
        // a lost compare-and-set means the session changed meanwhile: read it again and retry
        Session current = attempt == 0 ? s : store.find(s.id()).orElse(null);
        if (current == null || current.revocation().isPresent() || current.roles().equals(roles)) {
          break; // gone, ended, or already holding these roles: no privilege changes
        }
        Session next =
            current.withPrivileges(
                roles, current.auth(), current.chain().renewSoon(), current.lastSeenAt());
        if (journal.privilegesChanged(store, current, next, by, now)) {
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

  private boolean end(SessionId id, Revocation r) {
    return journal
        .revoke(store, id, r, ClientContext.UNKNOWN)
        .filter(after -> after.revocation().equals(Optional.of(r)))
        .isPresent();
  }
}
