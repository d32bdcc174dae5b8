package dev.vigil.session;

import dev.vigil.client.ClientContext;
import dev.vigil.client.IpAddress;
import dev.vigil.id.IncidentId;
import dev.vigil.id.SessionId;
import dev.vigil.token.Keyring;
import dev.vigil.token.KeyringSupplier;
import dev.vigil.token.SigningKey;
import dev.vigil.token.TokenCodec;
import dev.vigil.token.TokenCodec.Decoded;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Verifies tokens into {@link Verdict}s. The checks run in this order, and the first that fails
 * decides the verdict:
 *
 * <ol>
 *   <li>form ({@link Reason#MALFORMED}): prefix, length, parts, canonical base64url;
 *   <li>key check ({@link Reason#TAMPERED}): the key id is known and the HMAC matches;
 *   <li>key age ({@link Reason#KEY_RETIRED}): the key's overlap has not ended;
 *   <li>the session exists ({@link Reason#UNKNOWN_SESSION}); a store failure here throws {@link
 *       StoreUnavailableException} and is never a verdict;
 *   <li>not past its absolute lifetime ({@link Reason#EXPIRED_ABSOLUTE}), not idle too long ({@link
 *       Reason#EXPIRED_IDLE}), not revoked ({@link Reason#REVOKED}); a session revoked after one of
 *       its deadlines had passed is explained by that expiry;
 *   <li>the token's generation: the current one with the right secret; an older one replaced by an
 *       explicit rotation ({@link Reason#SUPERSEDED}); the previous one within the grace window or
 *       while its successor was never presented (accepted, answered with that successor); any other
 *       older one ({@link Reason#TOKEN_REUSED}, which revokes the session);
 *   <li>the client context of a bound session ({@link Reason#CONTEXT_MISMATCH}); for a session not
 *       bound, a change of both network and browser family ({@link ClientWatch}) is recorded and
 *       handled by the {@link ClientChange} policy (accepted and told, {@link
 *       Reason#STEP_UP_REQUIRED}, or {@link Reason#REVOKED} with cause {@link
 *       RevocationCause#CLIENT_CHANGED});
 *   <li>the caller's requirements: roles and permissions ({@link Reason#FORBIDDEN}), then age and
 *       level of the authentication ({@link Reason#STEP_UP_REQUIRED}).
 * </ol>
 *
 * <p>Then the effects: the first presentation of a token is recorded, {@code last_seen_at} is
 * written at most once per touch interval, and a current token older than {@code rotate_after} (or
 * signed with a key that is no longer current) is rotated with a compare-and-set, so that
 * concurrent requests with the same token all receive the same successor.
 *
 * <p>{@link Reason#THROTTLED} is decided before this class is asked (by the edge's anomaly rules).
 * Thread-safe.
 */
public final class SessionVerifier {
  private static final int MAX_ROTATION_ATTEMPTS = 3;

  private final SessionStore store;
  private final TokenCodec codec;
  private final KeyringSupplier keyring;
  private final TokenMint mint;
  private final SessionJournal journal;
  private final SessionPolicy policy;
  private final RolePermissions permissions;
  private final StepUpMarks marks;
  private final ClientWatch clients;
  private final Clock clock;
  private final SecureRandom random;

  SessionVerifier(
      SessionStore store,
      TokenCodec codec,
      KeyringSupplier keyring,
      TokenMint mint,
      SessionJournal journal,
      SessionPolicy policy,
      SessionService.Checks checks,
      Clock clock,
      SecureRandom random) {
    this.store = store;
    this.codec = codec;
    this.keyring = keyring;
    this.mint = mint;
    this.journal = journal;
    this.policy = policy;
    this.permissions = checks.permissions();
    this.marks = checks.marks();
    this.clients = checks.clients();
    this.clock = clock;
    this.random = random;
  }

  /** The verdict on {@code token} presented by {@code client}, under {@code require}. */
  public Verdict verify(String token, ClientContext client, Requirements require) {
    Instant now = clock.instant();
    return switch (locate(token, client, Purpose.USE, now)) {
      case Located.Refused r -> r.verdict();
      case Located.Found f -> accept(f, client, require, now, 0);
    };
  }

  /** Where a presented token leads: a live session and the generation presented, or a refusal. */
  sealed interface Located {
    record Found(Session session, Decoded.Parsed token, boolean current) implements Located {}

    record Refused(Verdict.Invalid verdict) implements Located {}
  }

  /** Why a token is located: what it is checked for and how its session is read. */
  enum Purpose {
    /** To be used (a verification): the client binding is checked too. */
    USE,
    /**
     * To replace or end its session at once (a rotation, a revocation): the binding is not checked,
     * and the session is read with {@link SessionStore#findToChange}.
     */
    CHANGE
  }

  /**
   * Runs the checks up to and including the generation (and, for {@link Purpose#USE}, the client
   * context) for {@code token}. A refusal is already recorded in the audit log.
   */
  Located locate(String token, ClientContext client, Purpose purpose, Instant now) {
    Decoded.Parsed p;
    switch (codec.decode(token)) {
      case Decoded.Malformed m -> {
        return refuse(
            Reason.MALFORMED, Optional.empty(), client, now, facts(), Map.of("malformed", m.why()));
      }
      case Decoded.Parsed parsed -> p = parsed;
    }
    Keyring ring = keyring.get();
    Keyring.Lookup lookup = ring.lookup(p.kid(), now, policy.keyOverlap());
    if (lookup instanceof Keyring.Lookup.Unknown) {
      // another node may have rotated the keys a moment ago: never refuse before looking again
      lookup = keyring.fresh().lookup(p.kid(), now, policy.keyOverlap());
    }
    SigningKey key;
    boolean retired;
    switch (lookup) {
      case Keyring.Lookup.Unknown u -> {
        return refuse(
            Reason.TAMPERED,
            Optional.empty(),
            client,
            now,
            facts(),
            Map.of("tampered", "unknown key id " + u.id()));
      }
      case Keyring.Lookup.Retired r -> {
        key = r.key();
        retired = true;
      }
      case Keyring.Lookup.Usable u -> {
        key = u.key();
        retired = false;
      }
    }
    if (!codec.authentic(p, key)) {
      return refuse(
          Reason.TAMPERED,
          Optional.empty(),
          client,
          now,
          facts(),
          Map.of("tampered", "MAC does not match key " + key.id()));
    }
    if (retired) {
      return refuse(
          Reason.KEY_RETIRED,
          Optional.empty(),
          client,
          now,
          facts(),
          Map.of("session_id", p.sessionId().value(), "key", key.id().value()));
    }
    return locateSession(p, client, purpose, now);
  }

  private Located locateSession(
      Decoded.Parsed p, ClientContext client, Purpose purpose, Instant now) {
    Optional<Session> found =
        purpose == Purpose.USE ? store.find(p.sessionId()) : store.findToChange(p.sessionId());
    if (found.isEmpty()) {
      return refuse(
          Reason.UNKNOWN_SESSION,
          Optional.empty(),
          client,
          now,
          facts(),
          Map.of("session_id", p.sessionId().value()));
    }
    Session s = found.get();
    Optional<Session> known = found;
    // A session that expired before it was revoked (say, evicted by the cap once expired) is
    // explained by its expiry: that is what ended it for the person.
    Instant ended = s.revocation().map(Revocation::at).orElse(now);
    if (!ended.isBefore(s.absoluteDeadline())) {
      return refuse(
          Reason.EXPIRED_ABSOLUTE,
          known,
          client,
          now,
          timeout(s.absoluteTimeout()),
          Map.of(
              "created_at",
              s.createdAt().toString(),
              "lifetime_start",
              s.lifetimeStart().toString(),
              "absolute_timeout",
              s.absoluteTimeout().toString()));
    }
    if (!ended.isBefore(s.idleDeadline())) {
      return refuse(
          Reason.EXPIRED_IDLE,
          known,
          client,
          now,
          timeout(s.idleTimeout()),
          Map.of(
              "last_seen_at",
              s.lastSeenAt().toString(),
              "idle_timeout",
              s.idleTimeout().toString()));
    }
    if (s.revocation().isPresent()) {
      Revocation r = s.revocation().get();
      return refuse(
          Reason.REVOKED,
          known,
          client,
          now,
          new VerdictMessages.Facts(Duration.ZERO, r.cause(), List.of()),
          Map.of("cause", r.cause().name(), "revoked_at", r.at().toString(), "by", r.by()));
    }
    TokenChain c = s.chain();
    long g = p.generation();
    boolean current;
    if (g == c.generation()) {
      if (!c.currentHash().matches(p.secret())) {
        return refuse(
            Reason.TAMPERED,
            known,
            client,
            now,
            facts(),
            Map.of("tampered", "secret does not match generation " + g));
      }
      current = true;
    } else if (g < c.supersededBelow()) {
      return refuse(
          Reason.SUPERSEDED,
          known,
          client,
          now,
          facts(),
          Map.of(
              "generation",
              Long.toString(g),
              "superseded_below",
              Long.toString(c.supersededBelow())));
    } else if (g == c.generation() - 1 && c.previousHash().isPresent()) {
      if (!c.previousHash().get().matches(p.secret())) {
        return refuse(
            Reason.TAMPERED,
            known,
            client,
            now,
            facts(),
            Map.of("tampered", "secret does not match generation " + g));
      }
      boolean inGrace = now.isBefore(c.issuedAt().plus(policy.rotationGrace()));
      if (!inGrace && c.currentUsed()) {
        return reused(s, g, client, now);
      }
      current = false;
    } else if (g < c.generation()) {
      return reused(s, g, client, now);
    } else {
      return refuse(
          Reason.TAMPERED,
          known,
          client,
          now,
          facts(),
          Map.of("tampered", "generation " + g + " is ahead of the stored " + c.generation()));
    }
    if (purpose == Purpose.USE && s.boundToClient() && !s.client().matchesBinding(client)) {
      return refuse(
          Reason.CONTEXT_MISMATCH, known, client, now, facts(), bindingEvidence(s, client));
    }
    return new Located.Found(s, p, current);
  }

  private Verdict accept(
      Located.Found f, ClientContext client, Requirements require, Instant now, int attempt) {
    Session s = f.session();
    if (attempt == 0 && !s.boundToClient() && clients.moved(s.client(), client)) {
      switch (clientChanged(f, client, now)) {
        case Located.Refused r -> {
          return r.verdict();
        }
        case Located.Found moved -> s = moved.session();
      }
    }
    Optional<Verdict.Invalid> unmet = unmet(s, require, client, now);
    boolean touchDue =
        !now.isBefore(s.lastSeenAt().plus(SessionPolicy.touchInterval(s.idleTimeout())));
    if (!f.current()) {
      Optional<String> renewed = mint.rederive(s, f.token().secret());
      if (renewed.isEmpty()) {
        return refuse(
                Reason.TAMPERED,
                Optional.of(s),
                client,
                now,
                facts(),
                Map.of("tampered", "successor cannot be derived"))
            .verdict();
      }
      if (touchDue) {
        store.touch(s.id(), now);
        s = s.seenAt(now);
      }
      return unmet.isPresent() ? unmet.get() : new Verdict.Valid(s, renewed);
    }
    TokenChain c = s.chain();
    boolean rotationDue =
        !now.isBefore(c.issuedAt().plus(policy.rotateAfter()))
            || !c.currentKid().equals(mint.currentKid())
            || c.renewPending();
    if (rotationDue && unmet.isEmpty()) {
      byte[] nonce = mint.nonce();
      TokenMint.Minted next = mint.successor(s.id(), c.generation() + 1, f.token().secret(), nonce);
      Session rotated =
          s.withChain(c.used().rotated(next.secret().hash(), nonce, next.kid(), now), now);
      if (store.compareAndSet(s, rotated)) {
        journal.rotated(rotated, client, now);
        return new Verdict.Valid(rotated, Optional.of(next.token()));
      }
      if (attempt + 1 >= MAX_ROTATION_ATTEMPTS) {
        return new Verdict.Valid(s, Optional.empty());
      }
      return switch (locateSession(f.token(), client, Purpose.USE, now)) {
        case Located.Refused r -> r.verdict();
        case Located.Found again -> accept(again, client, require, now, attempt + 1);
      };
    }
    if (!c.currentUsed() && c.previousHash().isPresent()) {
      // Only a token with a predecessor needs its first use recorded: that is what ends the
      // lost-response allowance of the predecessor. A session's first token has none.
      store.markUsed(s.id(), c.generation(), now);
      s = s.withChain(c.used(), now);
    } else if (touchDue) {
      store.touch(s.id(), now);
      s = s.seenAt(now);
    }
    return unmet.isPresent() ? unmet.get() : new Verdict.Valid(s, Optional.empty());
  }

  private Optional<Verdict.Invalid> unmet(
      Session s, Requirements require, ClientContext client, Instant now) {
    Optional<Instant> marked = marks.since(s.subject());
    if (require.equals(Requirements.NONE) && marked.isEmpty()) {
      return Optional.empty();
    }
    List<String> named = new ArrayList<>();
    require.roles().stream()
        .filter(r -> !s.roles().contains(r))
        .sorted()
        .forEach(r -> named.add("role " + r));
    if (!require.permissions().isEmpty()) {
      java.util.Set<String> granted = permissions.of(s.roles());
      require.permissions().stream()
          .filter(p -> !granted.contains(p))
          .sorted()
          .forEach(p -> named.add("permission " + p));
    }
    if (!named.isEmpty()) {
      return Optional.of(
          refuse(
                  Reason.FORBIDDEN,
                  Optional.of(s),
                  client,
                  now,
                  missing(named),
                  Map.of("missing", String.join(",", named)))
              .verdict());
    }
    List<String> stepUp = new ArrayList<>();
    Optional<Duration> age = Optional.empty();
    int aal = 0;
    if (require.maxAuthAge().isPresent()
        && Duration.between(s.auth().time(), now).compareTo(require.maxAuthAge().get()) > 0) {
      age = require.maxAuthAge();
      stepUp.add("authentication within the last " + VerdictMessages.human(age.get()));
    }
    if (require.aal().isPresent() && s.auth().aal() < require.aal().getAsInt()) {
      aal = require.aal().getAsInt();
      stepUp.add("assurance level " + aal);
    }
    Optional<Instant> after = Optional.empty();
    if (marked.isPresent() && (s.auth().time().isBefore(marked.get()) || s.auth().aal() < 2)) {
      after = marked;
      aal = Math.max(aal, 2);
      stepUp.add("a sign-in with a second factor after " + marked.get());
    }
    if (stepUp.isEmpty()) {
      return Optional.empty();
    }
    StepUpRequirement required =
        new StepUpRequirement(
            aal == 0 ? OptionalInt.empty() : OptionalInt.of(aal),
            age,
            after,
            aal >= 2 ? List.of("otp", "lookup") : List.of("pwd", "otp", "lookup"));
    return Optional.of(
        refuse(
                Reason.STEP_UP_REQUIRED,
                Optional.of(s),
                client,
                now,
                missing(stepUp),
                Map.of(
                    "missing",
                    String.join(",", stepUp),
                    "auth_time",
                    s.auth().time().toString(),
                    "aal",
                    Integer.toString(s.auth().aal())),
                Optional.of(required))
            .verdict());
  }

  /**
   * A session not bound to its client came from another network and browser family: recorded as
   * {@code session.client_changed}, then the policy: notify (the session takes the new client, so
   * the change is told once), step up (refused until the person re-authenticates from there) or
   * revoke.
   */
  private Located clientChanged(Located.Found f, ClientContext client, Instant now) {
    Session s = f.session();
    Map<String, String> evidence = new LinkedHashMap<>();
    s.client().ip().ifPresent(ip -> evidence.put("previous_network", ip.network()));
    evidence.put("previous_family", clients.agents().family(s.client()).withoutVersion());
    client.ip().ifPresent(ip -> evidence.put("network", ip.network()));
    evidence.put("family", clients.agents().family(client).withoutVersion());
    evidence.put("policy", clients.policy().wire());
    journal.clientChanged(s, client, clients.policy(), evidence, now);
    return switch (clients.policy()) {
      case NOTIFY -> {
        // only the client is written: the copy read here may be older than the store's roles
        store.moveClient(s.id(), client);
        yield new Located.Found(s.withClient(client), f.token(), f.current());
      }
      case STEP_UP ->
          refuse(
              Reason.STEP_UP_REQUIRED,
              Optional.of(s),
              client,
              now,
              missing(List.of("a sign-in from this new network and browser")),
              evidence,
              Optional.of(
                  new StepUpRequirement(
                      OptionalInt.empty(),
                      Optional.empty(),
                      Optional.of(now),
                      List.of("pwd", "otp", "lookup"))));
      case REVOKE -> {
        Revocation r = new Revocation(RevocationCause.CLIENT_CHANGED, now, SessionService.VIGIL);
        Optional<Session> after = journal.revoke(store, s.id(), r, client);
        Session ended = after.orElse(s.revoked(r));
        yield refuse(
            Reason.REVOKED,
            Optional.of(ended),
            client,
            now,
            new VerdictMessages.Facts(
                Duration.ZERO, ended.revocation().orElseThrow().cause(), List.of()),
            evidence);
      }
    };
  }

  private Located reused(Session s, long presented, ClientContext client, Instant now) {
    Revocation r = new Revocation(RevocationCause.THEFT_SUSPECTED, now, SessionService.VIGIL);
    Optional<Session> after = journal.revoke(store, s.id(), r, client);
    TokenChain c = s.chain();
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("presented_generation", Long.toString(presented));
    evidence.put("current_generation", Long.toString(c.generation()));
    evidence.put("current_issued_at", c.issuedAt().toString());
    evidence.put("current_used", Boolean.toString(c.currentUsed()));
    evidence.put("rotation_grace", policy.rotationGrace().toString());
    s.client().ip().ifPresent(ip -> evidence.put("session_ip", ip.text()));
    s.client().userAgent().ifPresent(ua -> evidence.put("session_user_agent", ua));
    return refuse(Reason.TOKEN_REUSED, Optional.of(s), client, now, facts(), evidence);
  }

  private static Map<String, String> bindingEvidence(Session s, ClientContext client) {
    Map<String, String> e = new LinkedHashMap<>();
    s.client().ip().ifPresent(ip -> e.put("bound_network", ip.network()));
    e.put("presented_network", client.ip().map(IpAddress::network).orElse("none"));
    e.put(
        "user_agent_matches",
        Boolean.toString(
            s.client().userAgent().isEmpty() || s.client().userAgent().equals(client.userAgent())));
    return e;
  }

  private Located.Refused refuse(
      Reason reason,
      Optional<Session> s,
      ClientContext client,
      Instant now,
      VerdictMessages.Facts facts,
      Map<String, String> evidence) {
    return refuse(reason, s, client, now, facts, evidence, Optional.empty());
  }

  private Located.Refused refuse(
      Reason reason,
      Optional<Session> s,
      ClientContext client,
      Instant now,
      VerdictMessages.Facts facts,
      Map<String, String> evidence,
      Optional<StepUpRequirement> required) {
    Optional<SessionId> sid = reason.authenticated() ? s.map(Session::id) : Optional.empty();
    if (sid.isEmpty() && evidence.containsKey("session_id") && reason.authenticated()) {
      sid = SessionId.parse(evidence.get("session_id"));
    }
    Verdict.Invalid v =
        new Verdict.Invalid(
            reason,
            IncidentId.random(random),
            sid,
            reason == Reason.REVOKED ? s.flatMap(Session::revocation) : Optional.empty(),
            facts.missing(),
            required,
            Optional.empty(),
            VerdictMessages.of(reason, facts),
            evidence);
    journal.refused(v, s, client, now);
    return new Located.Refused(v);
  }

  private static VerdictMessages.Facts facts() {
    return VerdictMessages.Facts.none();
  }

  private static VerdictMessages.Facts timeout(Duration d) {
    return new VerdictMessages.Facts(d, RevocationCause.ADMIN, List.of());
  }

  private static VerdictMessages.Facts missing(List<String> what) {
    return new VerdictMessages.Facts(Duration.ZERO, RevocationCause.ADMIN, what);
  }
}
