/**
 * The event log: every create, rotation, revocation and invalid verdict is an {@link
 * dev.vigil.audit.Event}; {@link dev.vigil.audit.AuditLog} is the port that stores and queries them
 * (and {@link dev.vigil.audit.EventFeed} reads them from a cursor); {@link
 * dev.vigil.audit.InvalidStats} counts refused verifications per time bucket; {@link
 * dev.vigil.audit.AuditRetention} prunes the oldest events and leaves a {@link
 * dev.vigil.audit.ChainAnchor} from which {@link dev.vigil.audit.ChainVerifier} still checks the
 * hash chain.
 */
@NullMarked
package dev.vigil.audit;

import org.jspecify.annotations.NullMarked;
