/**
 * Every port of Vigil on PostgreSQL, for many nodes sharing one database: limits, counters and
 * single-use secrets are conditional updates, unique keys and transactions in SQL, never decided in
 * process memory. Schema by Flyway ({@code db/postgres}).
 */
@NullMarked
package dev.vigil.store.postgres;

import org.jspecify.annotations.NullMarked;
