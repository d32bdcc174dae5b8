/**
 * Vigil's own web pages: sign-in (password, then TOTP or a recovery code), the signed-in person's
 * sessions, step-up, the account's security (password change, authenticator app, recent security
 * events), "report a problem", the "this wasn't me" page of new-device mails and the API reference,
 * rendered on the server from jte templates compiled at build time. The browser session is a Vigil
 * session in a cookie, verified like any application's token; every form is protected by a signed
 * token and an {@code Origin} check, sensitive changes ask for an authentication within five
 * minutes ({@link AccountGate}), and every page carries the security headers of {@link
 * PageHeaders}. The pages call the same core services as the API, never a copy of their rules.
 * Every text comes from one message bundle ({@link Messages}).
 */
@NullMarked
package dev.vigil.server.web;

import org.jspecify.annotations.NullMarked;
