package dev.vigil.session;

import java.time.Duration;
import java.util.List;

/**
 * The sentences a person reads when their token is not valid. Plain words, the numbers that matter,
 * and what to do next; never a token, a key or an internal detail.
 */
public final class VerdictMessages {
  private VerdictMessages() {}

  /** The message for {@code reason}; {@code facts} supplies the numbers some reasons need. */
  public static String of(Reason reason, Facts facts) {
    return switch (reason) {
      case MALFORMED ->
          "Your sign-in link or cookie is damaged or incomplete. Please sign in again.";
      case TAMPERED ->
          "Your session could not be confirmed because its token was altered. Please sign in again.";
      case KEY_RETIRED ->
          "Your session was issued under a security key that has since been retired. Please sign in again.";
      case UNKNOWN_SESSION ->
          "Your session is no longer known here, perhaps because it ended long ago. Please sign in again.";
      case REVOKED -> revoked(facts.cause());
      case EXPIRED_ABSOLUTE ->
          "Your session reached its maximum length of "
              + human(facts.timeout())
              + ". Please sign in again.";
      case EXPIRED_IDLE ->
          "You were signed out after "
              + human(facts.timeout())
              + " without activity. Please sign in again.";
      case SUPERSEDED ->
          "Your access changed, so this session was renewed elsewhere. Please sign in again.";
      case TOKEN_REUSED ->
          "For your protection we signed you out everywhere: your session was used from two places at once. Please sign in again and consider changing your password.";
      case CONTEXT_MISMATCH ->
          "Your session is tied to the device and network where you signed in, and this request came from elsewhere. Please sign in again.";
      case FORBIDDEN ->
          "You are signed in, but your account lacks " + join(facts.missing()) + " needed here.";
      case STEP_UP_REQUIRED ->
          "Please confirm it is you to continue: " + join(facts.missing()) + ".";
      case THROTTLED ->
          "Too many invalid sign-in tokens came from your network. Please wait "
              + human(facts.timeout())
              + " and try again.";
    };
  }

  /** The numbers behind a message: a timeout or wait, a revocation cause, what was missing. */
  public record Facts(Duration timeout, RevocationCause cause, List<String> missing) {
    public Facts {
      missing = List.copyOf(missing);
    }

    /** Facts for reasons that need none. */
    public static Facts none() {
      return new Facts(Duration.ZERO, RevocationCause.ADMIN, List.of());
    }
  }

  private static String revoked(RevocationCause cause) {
    String why =
        switch (cause) {
          case LOGOUT -> "You signed out of this session.";
          case ADMIN -> "This session was ended by an administrator.";
          case PASSWORD_CHANGED -> "Your password was changed, so your other sessions were ended.";
          case ALL_SESSIONS -> "All your sessions were ended.";
          case THEFT_SUSPECTED ->
              "This session was ended because it looked like someone else had a copy of it.";
          case PRIVILEGE_CHANGED -> "Your access rights changed, so this session was ended.";
          case SESSION_LIMIT -> "This session was ended because you signed in on too many devices.";
          case ACCOUNT_DISABLED -> "Your account was disabled.";
          case CLIENT_CHANGED ->
              "This session was ended because it was used from another network and browser.";
          case EVERY_SESSION -> "Every session was ended for security reasons.";
        };
    return why + " Please sign in again.";
  }

  private static String join(List<String> items) {
    return items.isEmpty() ? "a required permission" : String.join(", ", items);
  }

  /** "30 minutes", "12 hours", "1 second": the largest whole unit that fits exactly. */
  public static String human(Duration d) {
    long s = d.toSeconds();
    if (s % 86_400 == 0 && s >= 86_400) {
      return plural(s / 86_400, "day");
    }
    if (s % 3_600 == 0 && s >= 3_600) {
      return plural(s / 3_600, "hour");
    }
    if (s % 60 == 0 && s >= 60) {
      return plural(s / 60, "minute");
    }
    return plural(s, "second");
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
