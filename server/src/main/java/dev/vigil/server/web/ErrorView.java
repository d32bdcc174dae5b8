package dev.vigil.server.web;

/**
 * A page that says what went wrong. Public only because the compiled template reads it.
 *
 * @param message what went wrong and what to do, in plain words
 */
public record ErrorView(String message) {}
