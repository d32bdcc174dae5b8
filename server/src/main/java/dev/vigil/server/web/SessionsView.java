package dev.vigil.server.web;

import java.util.List;
import java.util.Optional;

/**
 * The signed-in person's sessions, most recently active first. Public only because the compiled
 * template reads it.
 *
 * @param notice what the last action did ("the session was ended")
 * @param hasOthers whether any session but this device's is live
 */
public record SessionsView(List<Row> rows, Optional<String> notice, boolean hasOthers) {
  public SessionsView {
    rows = List.copyOf(rows);
  }

  /**
   * One session as shown: times in UTC for people ({@code created}, {@code lastActive}) and in ISO
   * 8601 for the script that shows them in local time.
   *
   * @param device browser and operating system, from the user agent
   * @param address the client address, or "unknown"
   */
  public record Row(
      String id,
      String device,
      String address,
      String created,
      String createdIso,
      String lastActive,
      String lastActiveIso,
      boolean thisDevice) {}
}
