/**
 * TLS for the HTTP server: a PEM certificate chain and key read with the JDK alone, TLS 1.2 and 1.3
 * only, reloaded when the files change.
 */
@NullMarked
package dev.vigil.server.tls;

import org.jspecify.annotations.NullMarked;
