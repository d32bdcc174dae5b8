/**
 * Session tokens: their format, the signing keys that authenticate them, and the secrets they
 * carry. A token is {@code vs1.<kid>.<payload>.<mac>}; see {@link dev.vigil.token.TokenCodec} for
 * the layout and {@code docs/tokens.md} for the reasons behind it.
 */
@NullMarked
package dev.vigil.token;

import org.jspecify.annotations.NullMarked;
