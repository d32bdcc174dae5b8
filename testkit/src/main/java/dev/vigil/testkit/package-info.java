/**
 * Test support shared by every module: a clock tests move by hand, in-memory adapters, and the
 * contract tests every {@link dev.vigil.session.SessionStore} and {@link dev.vigil.audit.AuditLog}
 * must pass.
 */
@NullMarked
package dev.vigil.testkit;

import org.jspecify.annotations.NullMarked;
