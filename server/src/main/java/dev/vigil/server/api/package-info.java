/**
 * The HTTP API of contract v1: request parsing that turns bad input into 4xx problems naming the
 * field, API-key checks, explicit mapping of domain values to JSON, and the routes.
 */
@NullMarked
package dev.vigil.server.api;

import org.jspecify.annotations.NullMarked;
