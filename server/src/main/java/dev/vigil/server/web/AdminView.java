package dev.vigil.server.web;

import java.util.List;
import java.util.Optional;

/**
 * The operator dashboard's overview ({@code /admin}) and the panels its script refreshes ({@code
 * /admin/live}). Times are shown in UTC for people and carried in ISO 8601 for the script that
 * shows them in local time. Public only because the compiled templates read it.
 *
 * @param window the chart's window as ISO 8601 ({@code PT1H})
 * @param windows the windows offered
 */
public record AdminView(String window, List<Choice> windows, Panels panels) {
  public AdminView {
    windows = List.copyOf(windows);
  }

  /** One option of a select. */
  public record Choice(String value, String label, boolean selected) {}

  /**
   * Everything the overview shows, read at {@code updated}.
   *
   * @param liveSessions the latest count of live sessions, if taken yet
   * @param invalid refused verifications in the window
   * @param chart the chart's data as JSON: {@code t} (bucket starts, Unix seconds), {@code series}
   *     (per reason: {@code key}, {@code counts}) and {@code anomalies} ({@code t}, {@code rule})
   * @param chartSummary the chart in words, for screen readers
   * @param reasons refusals per reason, most first
   * @param addresses refusals per client address, most first
   * @param subjects refusals per subject, most first
   * @param families refusals per browser family, most first
   * @param anomalies the anomaly rules' findings in the window, newest first
   * @param incidents the newest refused verifications
   * @param reports reports that nobody handled yet, newest first
   * @param chain the last check of the event log's hash chain, if one ran
   * @param outbox what waits to be sent (mails and webhooks)
   * @param webhooks every webhook endpoint with its last delivery
   */
  public record Panels(
      Time updated,
      Optional<Live> liveSessions,
      long invalid,
      String chart,
      String chartSummary,
      List<Count> reasons,
      List<Count> addresses,
      List<Count> subjects,
      List<Count> families,
      List<Anomaly> anomalies,
      List<IncidentRow> incidents,
      List<ReportRow> reports,
      Optional<Chain> chain,
      Outbox outbox,
      List<Webhook> webhooks) {}

  /** A time for people ({@code shown}, UTC) and for the script ({@code iso}). */
  public record Time(String shown, String iso) {}

  /** A count of live sessions and when it was taken. */
  public record Live(long count, Time at) {}

  /** A key and its refusals; {@code link} where a page tells more about the key. */
  public record Count(String key, long total, Optional<String> link) {}

  /** A finding of an anomaly rule. */
  public record Anomaly(Time at, String rule, String mode, String summary) {}

  /** A refused verification, linked to its drill-down. */
  public record IncidentRow(
      String id, Time at, String reason, String subject, String address, String device) {}

  /** A report, linked to its incident when it has one. */
  public record ReportRow(
      String id,
      Time at,
      String category,
      String status,
      String message,
      Optional<String> subject,
      Optional<String> incident) {}

  /** The last check of the hash chain. */
  public record Chain(boolean intact, long events, Optional<String> firstBroken, Time at) {}

  /** What waits in the outbox. */
  public record Outbox(long pending, long failed, Optional<Time> oldestPending) {}

  /** A webhook endpoint and its last delivery, if any. */
  public record Webhook(
      String id,
      String url,
      Optional<String> lastState,
      Optional<Time> lastAt,
      Optional<String> lastError,
      int attempts) {}
}
