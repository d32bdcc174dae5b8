/**
 * What the SQL stores share: column conversions ({@link dev.vigil.store.jdbc.Columns}) and the
 * session row ({@link dev.vigil.store.jdbc.SessionRows}), so SQLite and PostgreSQL read and write
 * the same rows the same way.
 */
@NullMarked
package dev.vigil.store.jdbc;

import org.jspecify.annotations.NullMarked;
