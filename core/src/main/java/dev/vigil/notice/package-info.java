/**
 * What notices need kept: the outbox of messages to people and endpoints with their delivery state,
 * the cursors of the background readers of the event log, the devices seen per subject, and used
 * single-use links. Ports only; the store modules implement them and the contract suites in {@code
 * testkit} pin them down.
 */
@NullMarked
package dev.vigil.notice;

import org.jspecify.annotations.NullMarked;
