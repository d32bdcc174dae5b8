/**
 * Configuration: an immutable {@link dev.vigil.server.config.VigilConfig} read once from a YAML
 * file, overridden by {@code VIGIL_*} environment variables, overridden by command-line flags, and
 * validated as a whole before anything starts.
 */
@NullMarked
package dev.vigil.server.config;

import org.jspecify.annotations.NullMarked;
