package dev.vigil.server.web;

import java.util.List;
import java.util.Optional;

/**
 * The "report a problem" form. Public only because the compiled template reads it.
 *
 * @param category the chosen category, or empty
 * @param incident the incident number, pre-filled from {@code ?incident=} or as typed
 * @param message the text as typed, shown again after a refusal
 * @param invalid the name of the field the error is about, or empty
 */
public record ReportView(
    List<Category> categories,
    String category,
    String incident,
    String message,
    Optional<String> error,
    String invalid) {
  public ReportView {
    categories = List.copyOf(categories);
  }

  /** Whether {@code field} is the one the error is about. */
  public boolean invalid(String field) {
    return error.isPresent() && invalid.equals(field);
  }

  /** A category: its stored value and its words. */
  public record Category(String value, String label) {}
}
