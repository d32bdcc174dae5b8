/**
 * {@code vigil bench}: a load generator that drives a running Vigil over HTTP (verify, create,
 * rotate, sign-in, a realistic mix, and one subject's sessions listed and ended at scale) at a set
 * concurrency for a set time, and measures the same node's {@code GET /health/live} in the same
 * run, so that every figure has a ratio beside it on a noisy, shared machine. The same scenarios
 * run against Keycloak's closest operations ({@link dev.vigil.server.load.KeycloakWorkload}) for
 * the peer comparison.
 */
package dev.vigil.server.load;
