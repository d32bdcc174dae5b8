/**
 * Vigil's own web pages: sign-in (password, then TOTP or a recovery code) and the signed-in
 * person's sessions, rendered on the server from jte templates compiled at build time. The browser
 * session is a Vigil session in a cookie, verified like any application's token; every form is
 * protected by a signed token and an {@code Origin} check, and every page carries the security
 * headers of {@link PageHeaders}. Every text comes from one message bundle ({@link Messages}).
 */
@NullMarked
package dev.vigil.server.web;

import org.jspecify.annotations.NullMarked;
