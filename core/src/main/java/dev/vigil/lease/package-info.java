/**
 * Leases: background work that must run on one node at a time (the notifier, the anomaly rules, the
 * purges) is done by whichever node holds its lease, and taken over when the holder stops renewing
 * it.
 */
@NullMarked
package dev.vigil.lease;

import org.jspecify.annotations.NullMarked;
