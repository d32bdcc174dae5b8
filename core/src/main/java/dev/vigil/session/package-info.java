/**
 * Sessions and their verification: creating a session and its first token, verifying a token into a
 * {@link dev.vigil.session.Verdict}, rotating, revoking and listing sessions. The store is a port
 * ({@link dev.vigil.session.SessionStore}); time comes from an injected {@link java.time.Clock}.
 */
@NullMarked
package dev.vigil.session;

import org.jspecify.annotations.NullMarked;
