package dev.vigil.server.assess;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Report} for people: per section, one line per check ({@code STATUS id title: finding
 * [references]}, the ids padded to one column) and, under a WARN or FAIL, the fix; then a summary
 * line.
 */
public final class ReportText {
  private ReportText() {}

  /** Writes {@code report} to {@code out}. */
  public static void write(PrintWriter out, Report report) {
    int width =
        report.sections().stream()
            .flatMap(s -> s.checks().stream())
            .mapToInt(c -> c.id().length())
            .max()
            .orElse(0);
    String indent = " ".repeat(4 + 2 + width + 2);
    for (Report.Section s : report.sections()) {
      out.printf("%s: %s (held to %s)%n", s.name(), s.source(), report.aal());
      for (Check c : s.checks()) {
        out.printf(
            "%-4s  %-" + width + "s  %s: %s%s%n",
            c.status(),
            c.id(),
            c.title(),
            c.finding(),
            references(c));
        c.fix().ifPresent(f -> out.printf("%sfix: %s%n", indent, f));
      }
      out.println();
    }
    out.printf(
        "%d PASS, %d WARN, %d FAIL%n",
        report.count(Status.PASS), report.count(Status.WARN), report.count(Status.FAIL));
    out.flush();
  }

  private static String references(Check c) {
    List<String> refs = new ArrayList<>();
    c.asvs().ifPresent(a -> refs.add("ASVS 5.0 " + a));
    c.nist().ifPresent(n -> refs.add("NIST SP 800-63B-4 " + n));
    return refs.isEmpty() ? "" : "  [" + String.join("; ", refs) + "]";
  }
}
