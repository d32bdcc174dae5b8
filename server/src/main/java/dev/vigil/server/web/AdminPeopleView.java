package dev.vigil.server.web;

import java.util.List;
import java.util.Optional;

/**
 * The dashboard's people pages: the search ({@code /admin/people}) and one subject ({@code
 * /admin/subject}). Public only because the compiled templates read it.
 */
public final class AdminPeopleView {
  private AdminPeopleView() {}

  /**
   * The search and what it found.
   *
   * @param query what was typed
   * @param users the accounts whose username starts with it, or whose id it is
   * @param subject the query as a subject to look up, when it is a valid one
   * @param error why the query was refused, if it was
   */
  public record Search(
      String query, List<User> users, Optional<String> subject, Optional<String> error) {
    public Search {
      users = List.copyOf(users);
    }
  }

  /** An account as listed. */
  public record User(
      String id,
      String username,
      String roles,
      boolean enabled,
      boolean secondFactor,
      AdminView.Time created,
      String link) {}

  /**
   * One subject: the account it is, if any, its live sessions and its newest events.
   *
   * @param ownSubject whether it is the operator's own subject (their own session is then not
   *     offered to end here)
   */
  public record Subject(
      String subject,
      Optional<User> account,
      List<Session> sessions,
      List<EventRow> events,
      Optional<String> notice,
      boolean ownSubject) {
    public Subject {
      sessions = List.copyOf(sessions);
      events = List.copyOf(events);
    }
  }

  /** A live session as listed for an operator. */
  public record Session(
      String id,
      String device,
      String address,
      AdminView.Time created,
      AdminView.Time lastActive,
      int aal,
      String methods,
      boolean operatorsOwn) {}

  /**
   * An event as listed for an operator: its type, the plain words a person would read where there
   * are any, its reason, where from, and its incident's drill-down when it has one.
   */
  public record EventRow(
      AdminView.Time at,
      String type,
      Optional<String> text,
      String reason,
      String session,
      String address,
      String device,
      Optional<String> incident) {}
}
