/**
 * The event log: every create, rotation, revocation and invalid verdict is an {@link
 * dev.vigil.audit.Event}; {@link dev.vigil.audit.AuditLog} is the port that stores and queries
 * them; {@link dev.vigil.audit.IncidentExplainer} turns one invalid verdict and its session's
 * timeline into a plain-language root cause.
 */
@NullMarked
package dev.vigil.audit;

import org.jspecify.annotations.NullMarked;
