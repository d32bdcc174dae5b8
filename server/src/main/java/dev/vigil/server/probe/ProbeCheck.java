package dev.vigil.server.probe;

/**
 * One check of {@code vigil probe}: sends a few requests to the target through the {@link
 * Deployment} and judges the answers. A check that cannot go on because the target misbehaved may
 * throw ({@link Deployment.Unexpected}, {@link ProbeHttp.NoAnswer}, {@link ProbeHttp.OffTarget}):
 * {@link Probe} turns that into a FAIL under {@link #ref()}. {@link ProbeHttp.BudgetSpent} ends the
 * run.
 */
interface ProbeCheck {
  /** What the check is and what it cites. */
  Finding.Ref ref();

  /** Runs the check against {@code target}. */
  Finding run(Deployment target);
}
