package dev.vigil.server.probe;

import java.util.List;
import java.util.Optional;

/**
 * The result of {@code vigil probe}.
 *
 * @param target the base URL probed
 * @param budget the most requests the run could send
 * @param requests the requests it sent, the cleanup's included
 * @param subject the subject of every session the probe created
 * @param account the probe's temporary account as {@code username (usr_id)}, when one was made
 * @param settings where the target's settings came from, or why they are unknown
 * @param findings one per check in run order, the cleanup's last
 * @param stopped why the run stopped before its last check (the budget), when it did
 */
public record ProbeReport(
    String target,
    int budget,
    int requests,
    String subject,
    Optional<String> account,
    String settings,
    List<Finding> findings,
    Optional<String> stopped) {
  public ProbeReport {
    findings = List.copyOf(findings);
  }

  /** How many findings came out {@code outcome}. */
  public long count(Outcome outcome) {
    return findings.stream().filter(f -> f.outcome() == outcome).count();
  }

  /** 2 when the run stopped early, 1 when any check failed, else 0. */
  public int exitCode() {
    if (stopped.isPresent()) {
      return 2;
    }
    return count(Outcome.FAIL) > 0 ? 1 : 0;
  }
}
