/**
 * {@code vigil bench}: a load generator that drives a running Vigil over HTTP (verify, create,
 * rotate, sign-in and a realistic mix) at a set concurrency for a set time, and measures the same
 * node's {@code GET /health/live} in the same run, so that every figure has a ratio beside it on a
 * noisy, shared machine.
 */
package dev.vigil.server.load;
