package dev.vigil.account;

import dev.vigil.audit.AuditLog;
import dev.vigil.session.SessionService;
import java.time.Clock;

/**
 * The account services of one Vigil node, built together over the same stores: account changes,
 * sign-in, TOTP, password resets and re-authentication, all counting failures in one {@link
 * LoginThrottle}.
 */
public record Accounts(
    AccountService accounts,
    SignIn signIn,
    MfaService mfa,
    PasswordResets resets,
    Reauthentication reauthentication) {

  /** The stores accounts are kept in. */
  public record Stores(UserStore users, LoginFailures failures, MfaStore mfa) {}

  /**
   * Builds the services.
   *
   * @param box seals TOTP seeds at rest
   */
  public static Accounts of(
      Stores stores,
      SessionService sessions,
      Passwords passwords,
      SecretBox box,
      AuditLog audit,
      Clock clock) {
    LoginThrottle throttle = new LoginThrottle(stores.failures());
    MfaService mfa =
        new MfaService(
            new MfaService.Parts(stores.mfa(), stores.users(), sessions, throttle),
            audit,
            box,
            "Vigil",
            clock);
    Reauthentication reauthentication =
        new Reauthentication(stores.users(), sessions, passwords, throttle, audit, clock);
    PasswordResets resets =
        new PasswordResets(
            stores.users(), sessions, passwords, stores.mfa(), throttle, audit, clock);
    AccountService accounts =
        new AccountService(
            new AccountService.Parts(stores.users(), sessions, passwords, mfa, reauthentication),
            audit,
            clock);
    SignIn signIn =
        new SignIn(
            new SignIn.Parts(stores.users(), sessions, passwords, mfa, throttle, resets),
            audit,
            clock);
    return new Accounts(accounts, signIn, mfa, resets, reauthentication);
  }
}
