/**
 * The configuration audit behind {@code vigil audit}: small checks, each turning the settings of a
 * node (read from the configuration as {@code serve} reads it, or from a running server's {@code
 * GET /v1/admin/config}) or the state of its data directory into one {@link
 * dev.vigil.server.assess.Check} that says PASS, WARN or FAIL, cites OWASP ASVS 5.0 and NIST SP
 * 800-63B-4 and names the fix. Nothing here opens a store or a socket: the caller gathers the facts
 * and the checks judge them, so each check is tested with plain values.
 */
@NullMarked
package dev.vigil.server.assess;

import org.jspecify.annotations.NullMarked;
