/**
 * {@link dev.vigil.server.beat.Beat}: background work on one thread, run now and then or when
 * woken, stopped in order at shutdown. Depends on nothing else of the server.
 */
@NullMarked
package dev.vigil.server.beat;

import org.jspecify.annotations.NullMarked;
