/**
 * What the SQL stores share: the {@link dev.vigil.store.jdbc.Database} both run their work on,
 * column conversions ({@link dev.vigil.store.jdbc.Columns}), the session row ({@link
 * dev.vigil.store.jdbc.SessionRows}), and the stores whose SQL is the same in SQLite and PostgreSQL
 * ({@code Jdbc*}: leases, sign-in blocks, login failures, reports, step-up marks), so both read and
 * write the same rows the same way.
 */
@NullMarked
package dev.vigil.store.jdbc;

import org.jspecify.annotations.NullMarked;
