/**
 * JMH benchmarks of the verify path, helpers for the HTTP load runs, and timings of the audit log
 * on a million events ({@link dev.vigil.bench.StatsTiming}); figures in docs/BENCHMARKS.md.
 */
@NullMarked
package dev.vigil.bench;

import org.jspecify.annotations.NullMarked;
