/**
 * Callers of the API: API keys with scopes, stored only as SHA-256 hashes, and the check of a
 * presented key.
 */
@NullMarked
package dev.vigil.access;

import org.jspecify.annotations.NullMarked;
