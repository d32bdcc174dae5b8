package dev.vigil.account;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.id.UserId;
import dev.vigil.session.Authentication;
import dev.vigil.session.IssuedToken;
import dev.vigil.session.NewSession;
import dev.vigil.session.SessionService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * TOTP as a second factor: enrolment and removal by the account holder after re-authentication
 * ({@link Reauthenticated}, ASVS 5.0 7.5.1), confirmation with a first code (which issues ten
 * one-time recovery codes of 120 bits each: at 112 bits or more NIST SP 800-63B-4 section 3.1.2.2
 * allows a plain SHA-256 hash), single-use sign-in challenges, and their completion with a TOTP
 * code (never the same step twice) or a recovery code (never twice). Every code attempt is admitted
 * and counted by the account's {@link LoginThrottle} before it is checked. Adding or removing the
 * factor and using a recovery code are events the account holder is told of. Thread-safe.
 */
public final class MfaService {
  /** How long a sign-in challenge is valid. */
  public static final Duration CHALLENGE_TTL = Duration.ofMinutes(5);

  /** How many recovery codes a confirmation issues. */
  public static final int RECOVERY_CODES = 10;

  /** Characters of a recovery code without its dashes: 24 base32 characters, 120 bits. */
  static final int RECOVERY_CODE_LENGTH = 24;

  private final MfaStore store;
  private final UserStore users;
  private final SessionService sessions;
  private final LoginThrottle throttle;
  private final AccountJournal journal;
  private final AccountSessions opener;
  private final SecretBox box;
  private final String issuer;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** The stores and services TOTP works with. */
  public record Parts(
      MfaStore store, UserStore users, SessionService sessions, LoginThrottle throttle) {}

  /**
   * @param issuer the name authenticator apps show, e.g. {@code Vigil}
   */
  public MfaService(Parts parts, AuditLog audit, SecretBox box, String issuer, Clock clock) {
    this.store = parts.store();
    this.users = parts.users();
    this.sessions = parts.sessions();
    this.throttle = parts.throttle();
    this.journal = new AccountJournal(audit, clock);
    this.opener = new AccountSessions(parts.users(), parts.sessions());
    this.box = box;
    this.issuer = issuer;
    this.clock = clock;
  }

  /** What an enrolment hands the person: the base32 seed and the {@code otpauth://} URI. */
  public record Offer(String secret, String otpauthUri) {
    @Override
    public String toString() {
      return "Offer[redacted]";
    }
  }

  /** The outcome of {@link #enrol}. */
  public sealed interface Enrolling {
    record Offered(Offer offer) implements Enrolling {}

    record AlreadyConfirmed() implements Enrolling {}

    record NoSuchUser() implements Enrolling {}
  }

  /**
   * Starts (or restarts, while unconfirmed) TOTP enrolment for the account that re-authenticated.
   */
  public Enrolling enrol(Reauthenticated proof) {
    UserId id = proof.user();
    Optional<User> user = users.find(id);
    if (user.isEmpty()) {
      return new Enrolling.NoSuchUser();
    }
    byte[] seed = new byte[20];
    random.nextBytes(seed);
    if (!store.enrol(
        new MfaStore.Enrolment(id, box.seal(seed, id.value()), false, Long.MIN_VALUE))) {
      return new Enrolling.AlreadyConfirmed();
    }
    String secret = Base32.encode(seed);
    String label = enc(issuer) + ":" + enc(user.get().username().display());
    return new Enrolling.Offered(
        new Offer(
            secret,
            "otpauth://totp/"
                + label
                + "?secret="
                + secret
                + "&issuer="
                + enc(issuer)
                + "&algorithm=SHA1&digits=6&period=30"));
  }

  /** The outcome of {@link #confirm}. */
  public sealed interface Confirming {
    /** Confirmed; the codes are shown once and stored only as hashes. */
    record Confirmed(List<String> recoveryCodes) implements Confirming {
      @Override
      public String toString() {
        return "Confirmed[redacted]";
      }
    }

    record InvalidCode() implements Confirming {}

    /** Too many wrong codes (or passwords) for the account: try again after {@code retryAfter}. */
    record Throttled(java.time.Duration retryAfter) implements Confirming {}

    record NotEnrolled() implements Confirming {}
  }

  /**
   * Confirms enrolment with a first code from the authenticator, the seed the code was checked
   * against only (a re-enrolment meanwhile is not confirmed by it). Wrong codes are counted and
   * throttled with the account's sign-in failures (NIST SP 800-63B-4 section 3.2.2).
   */
  public Confirming confirm(UserId id, String code) {
    Optional<MfaStore.Enrolment> e = store.find(id);
    Optional<User> user = users.find(id);
    if (e.isEmpty() || e.get().confirmed() || user.isEmpty()) {
      return new Confirming.NotEnrolled();
    }
    Instant now = clock.instant();
    String key = user.get().username().key();
    int counted;
    switch (throttle.admit(key, now)) {
      case LoginThrottle.Admission.Refused r -> {
        journal.failed(EventType.MFA_FAILED, user, key, "THROTTLED", 0, ClientContext.UNKNOWN);
        return new Confirming.Throttled(r.retryAfter());
      }
      case LoginThrottle.Admission.Admitted a -> counted = a.failures();
    }
    OptionalLong step = Totp.match(box.open(e.get().sealedSecret(), id.value()), code, now);
    if (step.isEmpty()) {
      journal.failed(
          EventType.MFA_FAILED, user, key, "MFA_INVALID", counted, ClientContext.UNKNOWN);
      return new Confirming.InvalidCode();
    }
    throttle.succeeded(key);
    List<String> codes = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    for (int i = 0; i < RECOVERY_CODES; i++) {
      byte[] b = new byte[RECOVERY_CODE_LENGTH * 5 / 8];
      random.nextBytes(b);
      String c = Base32.encode(b).toLowerCase(Locale.ROOT);
      StringBuilder grouped = new StringBuilder();
      for (int g = 0; g < c.length(); g += 4) {
        grouped.append(g == 0 ? "" : "-").append(c, g, g + 4);
      }
      codes.add(grouped.toString());
      hashes.add(recoveryHash(c));
    }
    if (!store.confirm(id, e.get().sealedSecret(), step.getAsLong(), hashes)) {
      return new Confirming.NotEnrolled();
    }
    record(
        EventType.MFA_ENROLLED,
        id,
        Optional.empty(),
        ClientContext.UNKNOWN,
        Map.of("method", "totp"));
    return new Confirming.Confirmed(codes);
  }

  /**
   * Removes the TOTP enrolment of the account that re-authenticated, and its recovery codes: the
   * account holder's own choice (the account holder is told).
   *
   * @return whether there was an enrolment
   */
  public boolean remove(Reauthenticated proof, ClientContext client) {
    boolean had = store.remove(proof.user());
    if (had) {
      record(
          EventType.MFA_REMOVED,
          proof.user(),
          Optional.empty(),
          client,
          Map.of("method", "totp", "reauthenticated_by", proof.method()));
    }
    return had;
  }

  /**
   * Removes a user's TOTP enrolment and recovery codes (an operator's reset, for a lost device);
   * the user can enrol again.
   *
   * @return whether there was an enrolment
   */
  public boolean reset(UserId id, String by) {
    boolean had = store.remove(id);
    if (had) {
      record(EventType.MFA_RESET, id, Optional.empty(), ClientContext.UNKNOWN, Map.of("by", by));
    }
    return had;
  }

  /** Whether the user has confirmed TOTP. */
  public boolean enrolled(UserId id) {
    return store.find(id).map(MfaStore.Enrolment::confirmed).orElse(false);
  }

  /**
   * A new single-use challenge for a user whose password was right against {@code passwordHash}; a
   * change of the password before the code voids it.
   */
  public String challenge(UserId id, String passwordHash) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    store.addChallenge(
        AccountJournal.sha256Hex(challenge),
        new MfaStore.Challenge(id, AccountSessions.credential(passwordHash)),
        clock.instant().plus(CHALLENGE_TTL));
    return challenge;
  }

  /**
   * Completes a sign-in with a TOTP code or a recovery code, opening a session at AAL 2.
   *
   * @param by who asked (an API key's name)
   */
  public LoginResult complete(String challenge, String code, ClientContext client, String by) {
    Instant now = clock.instant();
    String hash = AccountJournal.sha256Hex(challenge);
    Optional<MfaStore.Challenge> pending = store.findChallenge(hash, now);
    Optional<User> user =
        pending
            .flatMap(p -> users.find(p.user()))
            .filter(
                u ->
                    java.security.MessageDigest.isEqual(
                        pending.get().credential().getBytes(StandardCharsets.UTF_8),
                        AccountSessions.credential(u.passwordHash())
                            .getBytes(StandardCharsets.UTF_8)));
    if (user.isEmpty()) {
      record(
          EventType.MFA_FAILED,
          null,
          Optional.of("MFA_INVALID"),
          client,
          Map.of("why", "unknown or expired challenge, or the password changed since"));
      return new LoginResult.MfaInvalid();
    }
    User u = user.get();
    String key = u.username().key();
    int counted;
    switch (throttle.admit(key, now)) {
      case LoginThrottle.Admission.Refused r -> {
        journal.failed(EventType.MFA_FAILED, user, key, "THROTTLED", 0, client);
        return new LoginResult.Throttled(r.retryAfter());
      }
      case LoginThrottle.Admission.Admitted a -> counted = a.failures();
    }
    Optional<String> method = check(u.id(), code.strip(), now, client);
    if (method.isEmpty()) {
      journal.failed(EventType.MFA_FAILED, user, key, "MFA_INVALID", counted, client);
      return new LoginResult.MfaInvalid();
    }
    if (!store.takeChallenge(hash)) {
      record(
          EventType.MFA_FAILED,
          u.id(),
          Optional.of("MFA_INVALID"),
          client,
          Map.of("why", "challenge already used"));
      return new LoginResult.MfaInvalid();
    }
    if (!u.enabled()) {
      journal.failed(EventType.MFA_FAILED, user, key, "ACCOUNT_DISABLED", counted, client);
      return new LoginResult.MfaInvalid();
    }
    Optional<IssuedToken> opened =
        opener.open(
            u,
            u.passwordHash(),
            new NewSession(
                u.subject(),
                u.roles(),
                Optional.of(new Authentication(List.of("pwd", method.get()), now, 2)),
                client,
                Optional.empty(),
                Optional.empty(),
                false),
            by);
    if (opened.isEmpty()) {
      journal.failed(EventType.MFA_FAILED, user, key, "ACCOUNT_CHANGED", counted, client);
      return new LoginResult.MfaInvalid();
    }
    IssuedToken issued = opened.get();
    // cleared only now, with the event in one write: as for a password alone (SignIn#login)
    journal.succeeded(
        throttle,
        key,
        EventType.LOGIN_SUCCEEDED,
        u.id(),
        client,
        Map.of("session_id", issued.session().id().value(), "methods", "pwd," + method.get()));
    return new LoginResult.SignedIn(issued);
  }

  /**
   * {@code otp} for a fresh TOTP code, {@code lookup} for an unused recovery code (whose use is
   * recorded, with how many are left), else empty. The caller has admitted the attempt.
   */
  Optional<String> check(UserId id, String code, Instant now, ClientContext client) {
    Optional<MfaStore.Enrolment> e = store.find(id).filter(MfaStore.Enrolment::confirmed);
    if (e.isEmpty()) {
      return Optional.empty();
    }
    if (code.length() == Totp.DIGITS) {
      OptionalLong step = Totp.match(box.open(e.get().sealedSecret(), id.value()), code, now);
      return step.isPresent() && store.useStep(id, step.getAsLong())
          ? Optional.of("otp")
          : Optional.empty();
    }
    String normal = code.toLowerCase(Locale.ROOT).replace("-", "").replace(" ", "");
    if (normal.length() != RECOVERY_CODE_LENGTH
        || !store.useRecoveryCode(id, recoveryHash(normal))) {
      return Optional.empty();
    }
    record(
        EventType.RECOVERY_CODE_USED,
        id,
        Optional.empty(),
        client,
        Map.of("codes_left", Integer.toString(store.recoveryCodesLeft(id))));
    return Optional.of("lookup");
  }

  private static String recoveryHash(String normalised) {
    return AccountJournal.sha256Hex("vigil-recovery:" + normalised);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private void record(
      EventType type,
      UserId user,
      Optional<String> reason,
      ClientContext client,
      Map<String, String> detail) {
    journal.record(type, Optional.ofNullable(user), reason, client, detail);
  }
}
