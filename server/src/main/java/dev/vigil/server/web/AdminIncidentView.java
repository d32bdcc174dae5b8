package dev.vigil.server.web;

import java.util.List;
import java.util.Optional;

/**
 * One incident as the dashboard shows it ({@code /admin/incidents/{id}}): the root cause in plain
 * words first, then what the application and the person were told, the facts recorded with the
 * refusal and those looked up to explain it, and the session's timeline, oldest first. Public only
 * because the compiled template reads it.
 *
 * @param action what the application was told to do ({@code reauthenticate}, {@code step_up}...)
 * @param message what the person was told
 * @param cause the root cause for a support person
 * @param subjectLink the subject's page, when the incident names a subject
 */
public record AdminIncidentView(
    String id,
    String reason,
    String action,
    String message,
    String cause,
    AdminView.Time at,
    String subject,
    Optional<String> subjectLink,
    String session,
    String address,
    String device,
    List<Fact> evidence,
    List<Fact> findings,
    List<AdminPeopleView.EventRow> timeline) {
  public AdminIncidentView {
    evidence = List.copyOf(evidence);
    findings = List.copyOf(findings);
    timeline = List.copyOf(timeline);
  }

  /** A fact: its key as recorded and its value. */
  public record Fact(String key, String value) {}
}
