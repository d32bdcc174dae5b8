/**
 * The anomaly rules: token guessing, token theft, credential stuffing, spikes of a verdict reason
 * against its own baseline, and new devices. Each records an {@code anomaly.detected} event, and in
 * enforce mode acts and alerts; in report_only mode it records what it would have done.
 */
@NullMarked
package dev.vigil.server.anomaly;

import org.jspecify.annotations.NullMarked;
