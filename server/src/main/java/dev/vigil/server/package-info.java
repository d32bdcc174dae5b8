/**
 * The Vigil server: the composition root ({@link dev.vigil.server.Vigil}) that builds every part by
 * hand, the node's session cache, metrics and background maintenance.
 */
@NullMarked
package dev.vigil.server;

import org.jspecify.annotations.NullMarked;
