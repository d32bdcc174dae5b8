/**
 * Identifiers that cross the API, each prefixed by its kind ({@code ses_}, {@code inc_}, {@code
 * evt_}, {@code key_}) and random enough to be unguessable (128 bits from a CSPRNG), and the {@link
 * dev.vigil.id.Subject} a session belongs to, as the application names it.
 */
@NullMarked
package dev.vigil.id;

import org.jspecify.annotations.NullMarked;
