/**
 * Notices to applications, users and operators: webhook endpoints signed per Standard Webhooks,
 * e-mail over SMTP, and the persistent outbox that delivers both from the event log, plus the
 * anomaly rules whose findings they carry.
 */
@NullMarked
package dev.vigil.server.notify;

import org.jspecify.annotations.NullMarked;
