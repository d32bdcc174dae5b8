/** The keyring on disk: {@code keyring.json} in the data directory, mode 0600. */
@NullMarked
package dev.vigil.server.keys;

import org.jspecify.annotations.NullMarked;
