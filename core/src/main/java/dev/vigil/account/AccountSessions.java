package dev.vigil.account;

import dev.vigil.id.SessionId;
import dev.vigil.session.IssuedToken;
import dev.vigil.session.NewSession;
import dev.vigil.session.RevocationCause;
import dev.vigil.session.SessionService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keeps an account's changes and its sessions in step. Opens the session of an account whose
 * credentials were just checked, without losing a change of the account made while they were
 * checked: disabling, deleting, a password change or reset, and a change of roles end (or re-role)
 * only the sessions that exist when they run, so a sign-in that stores its session just after would
 * otherwise keep a session the change meant to end. Every such change ends (or re-roles) the
 * sessions, writes the account, and ends them once more ({@link #around}); a sign-in stores the
 * session first and reads the account second, so one of the two always sees the other.
 */
final class AccountSessions {
  private final UserStore users;
  private final SessionService sessions;

  AccountSessions(UserStore users, SessionService sessions) {
    this.users = users;
    this.sessions = sessions;
  }

  /** The digest a sign-in challenge keeps of the password hash the password was right against. */
  static String credential(String passwordHash) {
    return AccountJournal.sha256Hex(passwordHash);
  }

  /**
   * Opens {@code request} for {@code checked}, the account as read before its password was checked
   * against {@code checkedHash} (the hash in force, after any upgrade this sign-in made itself).
   *
   * @return the new session; empty when the account was disabled or deleted, or its password
   *     changed, meanwhile (the session is ended again at once: {@code ACCOUNT_DISABLED} or {@code
   *     PASSWORD_CHANGED})
   */
  Optional<IssuedToken> open(User checked, String checkedHash, NewSession request, String by) {
    IssuedToken issued = sessions.create(request, by);
    Optional<User> now = users.find(checked.id());
    boolean enabled = now.map(User::enabled).orElse(false);
    if (!enabled || !same(now.get().passwordHash(), checkedHash)) {
      sessions.revoke(
          issued.session().id(),
          enabled ? RevocationCause.PASSWORD_CHANGED : RevocationCause.ACCOUNT_DISABLED,
          SessionService.VIGIL);
      return Optional.empty();
    }
    if (!now.get().roles().equals(issued.session().roles())) {
      sessions.changeRoles(checked.subject(), now.get().roles(), SessionService.VIGIL);
      return Optional.of(
          new IssuedToken(
              issued.token(), sessions.find(issued.session().id()).orElse(issued.session())));
    }
    return Optional.of(issued);
  }

  private static boolean same(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** What {@link #around} did: the account as the change left it, and the sessions reached. */
  record Changed<T>(Optional<T> account, int sessions) {}

  /**
   * Runs {@code pass} over a user's sessions (ending them), then {@code change} on the account,
   * then {@code pass} once more, so that a refused write midway never leaves the account changed
   * with the sessions the change meant to end still alive: a refusal of the first pass changes
   * nothing, one of the account's write leaves the sessions ended and the account as it was, and
   * either way the change can simply be asked again. The second pass ends the session of a sign-in
   * that stored it between the first pass and the change (it reads the account after storing, so it
   * sees the change only if it stored after it). An account {@code change} finds no user for
   * (empty) gets no second pass.
   *
   * @return the account as {@code change} left it, and the sessions both passes reached
   * @throws dev.vigil.session.StoreUnavailableException from any of the writes
   */
  <T> Changed<T> around(java.util.function.IntSupplier pass, Supplier<Optional<T>> change) {
    int first = pass.getAsInt();
    Optional<T> account = change.get();
    return new Changed<>(account, account.isEmpty() ? first : first + pass.getAsInt());
  }

  /**
   * Puts {@code nextHash} in force as {@code user}'s password hash and ends every session of theirs
   * but {@code keep} (cause {@code PASSWORD_CHANGED}), {@link #around} it: a password change or
   * reset that changed the hash and then failed to end the sessions left a thief's session alive
   * behind a 503, and the person, trying again with the password they knew as current, refused.
   * {@code claim} runs just before the hash is written (a reset uses its link up there, so a
   * refused first pass leaves the link good); when it answers false nothing more is done.
   *
   * @return {@code user} if the hash was written (empty when {@code claim} refused), and how many
   *     sessions were ended, both passes together
   * @throws dev.vigil.session.StoreUnavailableException from any of the writes
   */
  Changed<User> replacePassword(
      User user,
      String nextHash,
      Optional<SessionId> keep,
      java.util.function.BooleanSupplier claim,
      String by) {
    return around(
        () -> sessions.revokeAll(user.subject(), keep, RevocationCause.PASSWORD_CHANGED, by),
        () -> {
          if (!claim.getAsBoolean()) {
            return Optional.empty();
          }
          users.setPasswordHash(user.id(), nextHash);
          return Optional.of(user);
        });
  }
}
