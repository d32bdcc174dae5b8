/**
 * The {@code vigil} command line (picocli): {@code serve}, {@code keys}, {@code apikey}, {@code
 * users}, {@code sessions}, {@code audit} (the configuration audit and {@code verify-log}), {@code
 * probe} (the outside check of a live deployment), {@code events}, {@code explain}, {@code
 * webhooks} and {@code migrate}. Every command but {@code probe} reads the configuration exactly as
 * {@code serve} does.
 */
@NullMarked
package dev.vigil.server.cli;

import org.jspecify.annotations.NullMarked;
