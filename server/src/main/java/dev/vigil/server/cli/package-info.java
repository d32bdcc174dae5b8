/**
 * The {@code vigil} command line (picocli): {@code serve}, {@code keys}, {@code apikey}, {@code
 * explain}. Every command reads the configuration exactly as {@code serve} does.
 */
@NullMarked
package dev.vigil.server.cli;

import org.jspecify.annotations.NullMarked;
