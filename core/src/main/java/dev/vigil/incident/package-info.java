/**
 * Incidents: one refused verdict explained from its event, the session's timeline and the evidence,
 * as a root cause in plain words ({@link dev.vigil.incident.IncidentExplainer}). Reads the event
 * log ({@code audit}) and the session's rules ({@code session}); neither depends on it.
 */
@NullMarked
package dev.vigil.incident;

import org.jspecify.annotations.NullMarked;
