/** JMH benchmarks of the verify path and helpers for the HTTP load runs in docs/BENCHMARKS.md. */
@NullMarked
package dev.vigil.bench;

import org.jspecify.annotations.NullMarked;
