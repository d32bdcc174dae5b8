/**
 * The embedded store: sessions, events and API keys in one SQLite file in WAL mode with {@code
 * synchronous=FULL}, so that an acknowledged write survives a crash of the process or the machine.
 * One connection writes (SQLite has one writer at a time anyway); a small pool reads.
 */
@NullMarked
package dev.vigil.store.sqlite;

import org.jspecify.annotations.NullMarked;
