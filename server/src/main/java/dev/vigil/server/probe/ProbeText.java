package dev.vigil.server.probe;

import java.io.PrintWriter;

/**
 * {@link ProbeReport} for people: a header naming the target, the budget and what the probe
 * created; per check a line {@code STATUS id title [references]} (ids padded to one column) with
 * what was sent and seen under it; then why the run stopped, if it did, and a summary line.
 */
public final class ProbeText {
  private ProbeText() {}

  /** Writes {@code report} to {@code out}. */
  public static void write(PrintWriter out, ProbeReport report) {
    out.printf(
        "vigil probe %s: %d requests sent of at most %d; sessions of subject %s%s; settings: %s%n",
        report.target(),
        report.requests(),
        report.budget(),
        report.subject(),
        report.account().map(a -> ", account " + a).orElse(""),
        report.settings());
    int width = report.findings().stream().mapToInt(f -> f.id().length()).max().orElse(0);
    String indent = " ".repeat(4 + 2 + width + 2);
    for (Finding f : report.findings()) {
      out.printf(
          "%-4s  %-" + width + "s  %s%s%n",
          f.outcome(),
          f.id(),
          f.title(),
          f.references().isEmpty() ? "" : "  [" + String.join("; ", f.references()) + "]");
      out.printf("%ssent: %s%n", indent, f.sent());
      out.printf("%s%s: %s%n", indent, f.outcome() == Outcome.SKIP ? "skipped" : "seen", f.seen());
    }
    report.stopped().ifPresent(s -> out.printf("STOPPED: %s%n", s));
    out.printf(
        "%d PASS, %d WARN, %d SKIP, %d FAIL%n",
        report.count(Outcome.PASS),
        report.count(Outcome.WARN),
        report.count(Outcome.SKIP),
        report.count(Outcome.FAIL));
    out.flush();
  }
}
