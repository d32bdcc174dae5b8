package dev.vigil.server.web;

import java.util.List;
import java.util.Optional;

/**
 * The dashboard's audit log ({@code /admin/audit}) and reports queue ({@code /admin/reports}).
 * Public only because the compiled templates read them.
 */
public final class AdminAuditView {
  private AdminAuditView() {}

  /**
   * The audit log's search: the filters as typed, the events found (newest first), the next page
   * and the chain's status.
   *
   * @param since the earliest time, as typed ({@code 2026-12-01T10:00}, UTC)
   * @param next the address of the next page, when there is one
   * @param error why the search was refused
   * @param chain the last check of the hash chain, if one ran
   */
  public record Log(
      String subject,
      String session,
      List<AdminView.Choice> types,
      String reason,
      String since,
      String until,
      List<AdminPeopleView.EventRow> events,
      Optional<String> next,
      Optional<String> error,
      Optional<AdminView.Chain> chain) {
    public Log {
      types = List.copyOf(types);
      events = List.copyOf(events);
    }
  }

  /** The reports queue under one status filter. */
  public record Queue(
      List<AdminView.Choice> statuses, List<AdminView.ReportRow> reports, String status) {
    public Queue {
      statuses = List.copyOf(statuses);
      reports = List.copyOf(reports);
    }
  }
}
