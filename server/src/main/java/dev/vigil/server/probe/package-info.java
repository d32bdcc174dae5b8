/**
 * The outside check of a live deployment behind {@code vigil probe}: what an assessor would try
 * against a running Vigil over HTTP, with nothing but its base URL and an API key. Every request
 * goes through {@link dev.vigil.server.probe.ProbeHttp}, which refuses any other scheme, host or
 * port than the target's, never follows a redirect and stops at a stated request budget; the probe
 * creates only its own short-lived sessions (subject {@code vigil-probe-<random>}) and account, and
 * ends or deletes each of them when it is done, also when a check fails or the run stops. Each
 * {@link dev.vigil.server.probe.ProbeCheck} turns what it sent and saw into one {@link
 * dev.vigil.server.probe.Finding} (PASS, WARN, SKIP or FAIL) citing OWASP ASVS 5.0, NIST SP
 * 800-63B-4 or RFC 6750; {@link dev.vigil.server.probe.Probe} runs them in order. No API key,
 * password or token ever appears in a finding.
 */
@NullMarked
package dev.vigil.server.probe;

import org.jspecify.annotations.NullMarked;
