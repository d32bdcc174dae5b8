/**
 * Identifiers that cross the API, each prefixed by its kind ({@code ses_}, {@code inc_}, {@code
 * evt_}, {@code key_}) and random enough to be unguessable (128 bits from a CSPRNG).
 */
@NullMarked
package dev.vigil.id;

import org.jspecify.annotations.NullMarked;
