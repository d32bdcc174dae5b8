package dev.vigil.server.web;

import java.util.List;
import java.util.Optional;

/**
 * The account's security page: password, authenticator app, recent events. Public only because the
 * compiled template reads it.
 *
 * @param totp whether the account has a confirmed authenticator app
 * @param notice what the last change did ("your password was changed")
 */
public record SecurityView(boolean totp, Optional<String> notice, List<Event> events) {
  public SecurityView {
    events = List.copyOf(events);
  }

  /**
   * One event as shown.
   *
   * @param text what happened, in plain words
   * @param time when, in UTC for people
   * @param timeIso when, in ISO 8601 for the script that shows local time
   * @param address the client address the event came from, when known
   */
  public record Event(String text, String time, String timeIso, Optional<String> address) {}
}
